export { type ApprovalServer, type ApprovalServerOptions, startApprovalServer, TOKENS_NS } from './server.js';
export { type ApprovalLinks, makeApprovalLinks, signToken, type TokenClaims, verifyToken } from './tokens.js';
export type * from './types.js';
