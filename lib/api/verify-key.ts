// verifyToken is a database query and lives with the others (db/queries/verify-key.ts). This name stays while the
// API guard and the benchmark's reference server, which are being reworked separately, still import it from here.
export { verifyToken, type KeyOwner, type KeyPrincipal, type RefusalReason, type VerifyResult } from '../../db/queries/verify-key';
