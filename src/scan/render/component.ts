/**
 * What a service template sees of its directly defined component. Proton answers a reference
 * to the whole component, or to its outputs, with `{}` when none is attached, and fails on a
 * reference to a missing output (https://docs.aws.amazon.com/proton/latest/userguide/ag-components-iac.html).
 * The engine reads `service_instance.components.default.outputs` as `__pa_component_outputs`
 * (see jinja/rewrite.ts), so the outputs live beside the namespace.
 */

export interface ComponentView {
  name: string;
  outputs: Record<string, unknown>;
}

/** Adds the component namespace to a service instance context (mutates and returns it). */
export function withComponent(context: Record<string, unknown>, component: ComponentView | undefined): Record<string, unknown> {
  const instance = (context.service_instance ??= {}) as Record<string, unknown>;
  instance.components = { default: component ? { name: component.name } : {} };
  context.__pa_component_outputs = component ? component.outputs : {};
  return context;
}
