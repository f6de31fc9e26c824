/** The IAM analysis's wildcard matching: the linear-time matcher lives in util (waivers and CEL use it too). */
export * from '../../util/wildcard.ts';
