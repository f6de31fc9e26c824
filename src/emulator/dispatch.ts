/**
 * From a parsed call to a reply: refuse writes, honour the account's deny list, validate the
 * input against the operation's model, run the handler, and render the result or error in the
 * service's protocol.
 */
import { ApiError, READ_ONLY_MESSAGE, validationMessage } from './api-error.ts';
import { JSON_CONTENT_TYPE, type ParsedCall } from './http/request.ts';
import { ec2Error, ec2Reply, jsonError, jsonReply, queryError, queryReply, type Reply, type XmlValue } from './http/render.ts';
import type { Identities } from './identity.ts';
import type { CallContext, JsonService } from './services/context.ts';
import { cloudformationService } from './services/cloudformation.ts';
import { codebuildService } from './services/codebuild.ts';
import { describeRegions, EC2_NAMESPACE } from './services/ec2.ts';
import { iamService } from './services/iam.ts';
import { organizationsService } from './services/organizations.ts';
import { protonService } from './services/proton/handlers.ts';
import { readParams, type QueryService } from './services/query.ts';
import { quotasService } from './services/quotas.ts';
import { stsService } from './services/sts.ts';
import { taggingService } from './services/tagging.ts';
import { checkShape } from './shape.ts';
import type { World } from './world.ts';

export const JSON_SERVICES: Readonly<Record<'proton' | 'tag' | 'servicequotas' | 'organizations' | 'codebuild', JsonService>> = {
  proton: protonService,
  tag: taggingService,
  servicequotas: quotasService,
  organizations: organizationsService,
  codebuild: codebuildService,
};

export const QUERY_SERVICES: Readonly<Record<'iam' | 'sts' | 'cloudformation', QueryService>> = { iam: iamService, sts: stsService, cloudformation: cloudformationService };

function isQueryService(service: string | undefined): service is keyof typeof QUERY_SERVICES {
  return service === 'iam' || service === 'sts' || service === 'cloudformation';
}

/** Verbs of mutating AWS APIs: such a call is refused as read-only rather than as unknown. */
const WRITE_VERBS =
  /^(Create|Delete|Update|Put|Tag|Untag|Attach|Detach|Add|Remove|Cancel|Accept|Reject|Notify|Set|Upload|Change|Enable|Disable|Deactivate|Reset|Resync|Start|Stop|Associate|Disassociate|Register|Deregister|Invite|Move|Leave|Close|Request|Decline|Generate|Detect|Continue|Rollback|Execute|Signal)[A-Z]/;

export function isWriteOperation(operation: string): boolean {
  return WRITE_VERBS.test(operation);
}

/** The error codes a call's service uses for faults, so a throttle looks like that service's. */
export function faultCodes(call: ParsedCall): { throttling: string; serverError: string } {
  if (call.service === 'ec2') return { throttling: 'RequestLimitExceeded', serverError: 'InternalError' };
  if (call.protocol === 'query') return { throttling: 'Throttling', serverError: 'ServiceUnavailable' };
  const service = call.service && !isQueryService(call.service) ? JSON_SERVICES[call.service] : undefined;
  return { throttling: service?.codes.throttling ?? 'ThrottlingException', serverError: 'InternalFailure' };
}

export function renderError(call: ParsedCall, requestId: string, err: ApiError): Reply {
  if (call.service === 'ec2') return ec2Error(requestId, err);
  if (call.protocol === 'query') {
    const ns = isQueryService(call.service) ? QUERY_SERVICES[call.service].namespace : iamService.namespace;
    return queryError(ns, requestId, err);
  }
  return jsonError(JSON_CONTENT_TYPE[call.service ?? 'proton'] ?? 'application/x-amz-json-1.1', requestId, err);
}

export function dispatch(call: ParsedCall, world: World, identities: Identities, requestId: string): Reply {
  try {
    return call.protocol === 'query' ? dispatchQuery(call, world, identities, requestId) : dispatchJson(call, world, identities, requestId);
  } catch (err) {
    if (err instanceof ApiError) return renderError(call, requestId, err);
    const message = err instanceof Error ? err.message : String(err);
    return renderError(call, requestId, new ApiError('InternalFailure', `emulator error: ${message}`, 500));
  }
}

function context(call: ParsedCall, world: World, identities: Identities): CallContext {
  const caller = identities.resolve(call.accessKeyId);
  return { world, caller, account: caller.account, region: call.region, operation: call.operation, identities };
}

function refuseOrDeny(call: ParsedCall, ctx: CallContext, known: boolean, service: string, deniedCode: string, deniedStatus: number): void {
  if (!known) {
    if (isWriteOperation(call.operation)) throw new ApiError(deniedCode, `${READ_ONLY_MESSAGE}: ${service}:${call.operation} is refused`, deniedStatus);
    throw new ApiError(
      call.protocol === 'query' ? 'InvalidAction' : 'UnknownOperationException',
      `${READ_ONLY_MESSAGE} and serves only the read operations proton-audit uses; ${service}:${call.operation} is not one of them`,
    );
  }
  if (ctx.account.denies(`${service}:${call.operation}`)) {
    throw new ApiError(
      deniedCode,
      `User: ${ctx.caller.arn} is not authorized to perform: ${service}:${call.operation} because no identity-based policy allows the ${service}:${call.operation} action`,
      deniedStatus,
    );
  }
}

function dispatchJson(call: ParsedCall, world: World, identities: Identities, requestId: string): Reply {
  if (!call.service || isQueryService(call.service) || call.service === 'ec2') {
    throw new ApiError('UnknownOperationException', `Unknown target ${call.operation}: the emulator serves Proton, Tagging, Service Quotas, Organizations and CodeBuild over JSON.`);
  }
  const service = JSON_SERVICES[call.service];
  const ctx = context(call, world, identities);
  const op = Object.hasOwn(service.operations, call.operation) ? service.operations[call.operation] : undefined;
  refuseOrDeny(call, ctx, op !== undefined, call.service, service.codes.accessDenied, call.service === 'organizations' ? 400 : 403);
  if (!op) throw new ApiError('InternalFailure', 'unreachable', 500);
  if (call.jsonError !== undefined) throw new ApiError('SerializationException', `The request body is not JSON: ${call.jsonError}`);
  const failures = checkShape(call.json, op.input, '');
  if (failures.length > 0) throw new ApiError(service.codes.validation, validationMessage(failures));
  const result = op.handle(call.json as Record<string, unknown>, ctx);
  return jsonReply(JSON_CONTENT_TYPE[call.service] ?? 'application/x-amz-json-1.1', requestId, result);
}

/** EC2 serves DescribeRegions only; other reads are unknown, writes refused as read-only. */
function dispatchEc2(call: ParsedCall, world: World, identities: Identities, requestId: string): Reply {
  const ctx = context(call, world, identities);
  const known = call.operation === 'DescribeRegions';
  if (!known && !isWriteOperation(call.operation) && call.operation !== '') {
    throw new ApiError('InvalidAction', `The action ${call.operation} is not valid for this web service.`);
  }
  refuseOrDeny(call, ctx, known, 'ec2', 'UnauthorizedOperation', 403);
  return ec2Reply('DescribeRegions', EC2_NAMESPACE, requestId, describeRegions(call.params ?? new Map(), ctx) as unknown as Record<string, XmlValue>);
}

function dispatchQuery(call: ParsedCall, world: World, identities: Identities, requestId: string): Reply {
  if (call.service === 'ec2') return dispatchEc2(call, world, identities, requestId);
  if (!isQueryService(call.service)) {
    throw new ApiError('InvalidAction', 'Could not tell which query service was called: sign the request with SigV4 (service iam, sts or cloudformation).');
  }
  const service = QUERY_SERVICES[call.service];
  const ctx = context(call, world, identities);
  const op = Object.hasOwn(service.operations, call.operation) ? service.operations[call.operation] : undefined;
  refuseOrDeny(call, ctx, op !== undefined, call.service, 'AccessDenied', 403);
  if (!op) throw new ApiError('InternalFailure', 'unreachable', 500);
  const input = readParams(call.params ?? new Map(), op);
  return queryReply(call.operation, service.namespace, requestId, op.handle(input, ctx));
}
