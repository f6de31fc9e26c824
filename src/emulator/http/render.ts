/**
 * Turning results and errors into the bytes each protocol uses: awsJson (epoch-second
 * timestamps, `__type` errors with x-amzn-ErrorType) and awsQuery (XML with the service's
 * namespace, `<member>` lists, ISO timestamps, ErrorResponse).
 */
import type { ApiError } from '../api-error.ts';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type XmlValue = string | number | boolean | Date | undefined | readonly XmlValue[] | { readonly [key: string]: XmlValue };

// ---------------------------------------------------------------- JSON

/** awsJson sends timestamps as epoch seconds. */
function jsonReady(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(jsonReady);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = jsonReady(v);
    return out;
  }
  return value;
}

export function jsonReply(contentType: string, requestId: string, result: unknown): Reply {
  return {
    status: 200,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId },
    body: JSON.stringify(jsonReady(result ?? {})),
  };
}

export function jsonError(contentType: string, requestId: string, err: ApiError): Reply {
  return {
    status: err.status,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId, 'x-amzn-errortype': err.code },
    body: JSON.stringify({ __type: err.code, message: err.message }),
  };
}

// ---------------------------------------------------------------- XML

export function xmlEscape(text: string): string {
  return text.replace(/[&<>"'\r\n]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      case '\r':
        return '&#13;';
      default:
        return '&#10;';
    }
  });
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.000Z$/, 'Z');
}

export function toXml(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (value instanceof Date) return `<${name}>${isoSeconds(value)}</${name}>`;
  if (Array.isArray(value)) return `<${name}>${value.map((v: XmlValue) => toXml('member', v)).join('')}</${name}>`;
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value as Record<string, XmlValue>)
      .map(([k, v]) => toXml(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

export function queryReply(operation: string, namespace: string, requestId: string, result: Record<string, XmlValue> | undefined): Reply {
  const inner = result === undefined ? '' : toXml(`${operation}Result`, result);
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: `<${operation}Response xmlns="${namespace}">${inner}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`,
  };
}

export function queryError(namespace: string, requestId: string, err: ApiError): Reply {
  const type = err.status >= 500 ? 'Receiver' : 'Sender';
  return {
    status: err.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body:
      `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${xmlEscape(err.code)}</Code>` +
      `<Message>${xmlEscape(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

// ---------------------------------------------------------------- EC2 (its own query dialect)

/** EC2 lists are `<item>` elements and the response carries `requestId` with no Result wrapper. */
export function toEc2Xml(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return `<${name}>${value.map((v: XmlValue) => toEc2Xml('item', v)).join('')}</${name}>`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return `<${name}>${Object.entries(value as Record<string, XmlValue>)
      .map(([k, v]) => toEc2Xml(k, v))
      .join('')}</${name}>`;
  }
  return toXml(name, value);
}

export function ec2Reply(operation: string, namespace: string, requestId: string, result: Record<string, XmlValue>): Reply {
  const inner = Object.entries(result)
    .map(([k, v]) => toEc2Xml(k, v))
    .join('');
  return {
    status: 200,
    headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${namespace}"><requestId>${requestId}</requestId>${inner}</${operation}Response>`,
  };
}

export function ec2Error(requestId: string, err: ApiError): Reply {
  return {
    status: err.status,
    headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId },
    body:
      `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlEscape(err.code)}</Code>` +
      `<Message>${xmlEscape(err.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
  };
}
