/**
 * PA-IAC-015: Security groups in templates admit the internet only on allowed ports.
 * Reads the scanner's issues resource.open-ingress about the rendered resource; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["resource.open-ingress"];

export default defineRule({
  meta: {
    id: 'PA-IAC-015',
    title: "Security groups in templates admit the internet only on allowed ports",
    severity: 'high',
    resource: 'iacResource',
    family: 'iac',
    rationale: "Ingress from 0.0.0.0/0 or ::/0 exposes the port to the whole internet: SSH, RDP or a database port so exposed is found by scanners within minutes. Public web ports (80 and 443 by default, option allowedPorts) are not reported.",
    remediation: { text: "Restrict the CIDR to known ranges or a load balancer's security group; reach instances through Session Manager instead of SSH." },
    references: [
      { title: "Amazon VPC: security group rules", url: "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html" },
    ],
    options: {"allowedPorts": {"type": "string[]", "default": ["80", "443"], "description": "Ports that may be open to the internet (single-port rules only)."}},
    messages: { issue: '{{message}}' },
  },
  check(resource, ctx) {
    const allowed = new Set((ctx.options.allowedPorts as string[] | undefined) ?? []);
    // A single-port rule on an allowed port (HTTP, HTTPS by default) is a public service, not an exposure.
    return issueVerdicts(resource, CODES, 'issue', (i) => !(i.data?.fromPort !== undefined && String(i.data.fromPort) === String(i.data.toPort) && allowed.has(String(i.data.fromPort))));
  },
});
