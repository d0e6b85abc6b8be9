// Generated from openapi.json by openapi-typescript (npm run openapi); do not edit. npm test fails when it is stale.
export interface paths {
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who the key belongs to
         * @description Needs: `me`, read.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The keys this key may see
         * @description Needs: `keys`, read. A personal key sees its owner's keys; a key of an owner or admin every key of the account.
         */
        get: operations["listKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/keys/self": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * The key revokes itself
         * @description Needs: any valid key (it can only reduce access).
         */
        delete: operations["revokeSelf"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/keys/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check a key another service was given
         * @description Needs: `keys:verify`. Keys of another account are always NOT_FOUND.
         */
        post: operations["verifyKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a key
         * @description Needs: `keys`, read-write; a key outside your reach is 404.
         */
        delete: operations["revokeKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The account's projects
         * @description Needs: `projects`, read; an organization key sees only its own project.
         */
        get: operations["listProjects"];
        put?: never;
        /**
         * Create a project
         * @description Needs: `projects`, read-write; not with an organization key.
         */
        post: operations["createProject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One project
         * @description Needs: `projects`, read; an organization key reaches only its own.
         */
        get: operations["getProject"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaked-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report leaked tokens
         * @description Needs: nothing. Each genuine token is revoked after the answer; the answer is the same whatever the tokens were.
         */
        post: operations["reportLeakedKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document
         * @description Needs: nothing.
         */
        get: operations["getOpenApi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        VerifyRequest: {
            /** @description The token another service was given. */
            key: string;
            /** @description Optionally, a resource the key must be allowed to reach. */
            resource?: components["schemas"]["Resource"];
            /** @description With resource: whether the key must be allowed to write. */
            write?: boolean;
        };
        /**
         * @description A resource a key may reach.
         * @enum {string}
         */
        Resource: "me" | "keys" | "projects" | "keys:verify";
        CreateProjectRequest: {
            name: string;
        };
        LeakReport: {
            tokens: string[];
        };
        GitHubLeakReport: {
            token: string;
            type?: string;
            url?: string;
            source?: string;
        }[];
        Me: {
            key: {
                /**
                 * @description The public id of a key (12 base62 characters).
                 * @example 7Gq2mZc0TfQa
                 */
                id: string;
                name: string;
                kind: components["schemas"]["KeyKind"];
                permission: components["schemas"]["Permission"];
                /** @description The resources this key is limited to; null: every resource. */
                resources: components["schemas"]["Resource"][] | null;
                expiresAt: string | null;
                /** @description When the key stops working: its expiry, or earlier under the account's maximum key lifetime. */
                effectiveExpiresAt: string | null;
            };
            owner: components["schemas"]["KeyOwner"];
            account: {
                id: string;
                name: string;
            };
        };
        /** @enum {string} */
        KeyKind: "personal" | "service" | "organization";
        /** @enum {string} */
        Permission: "read" | "read-write";
        /** @description Who a key belongs to: a user, a service account, or a project. */
        KeyOwner: {
            /** @constant */
            type: "user";
            id: string;
            email: string;
            /** @enum {string} */
            role: "owner" | "admin" | "member";
        } | {
            /** @constant */
            type: "service_account";
            id: string;
            name: string;
            /** @enum {string} */
            role: "admin" | "member";
        } | {
            /** @constant */
            type: "project";
            id: string;
            name: string;
        };
        Error: {
            error: {
                /** @description A stable, machine-readable code, e.g. invalid_token. */
                code: string;
                /** @description What went wrong, for a person. */
                message: string;
                /** @description For validation_failed: each field that is wrong. */
                details?: {
                    path: string;
                    message: string;
                }[];
            };
        };
        KeyList: {
            keys: components["schemas"]["Key"][];
        };
        /** @description A key as the API shows it: never its secret or hash. */
        Key: {
            /**
             * @description The public id of a key (12 base62 characters).
             * @example 7Gq2mZc0TfQa
             */
            id: string;
            name: string;
            kind: components["schemas"]["KeyKind"];
            /** @description The owner as people know them (an email, a service account name…). */
            owner: string;
            permission: components["schemas"]["Permission"];
            /** @description The resources this key is limited to; null: every resource. */
            resources: components["schemas"]["Resource"][] | null;
            /** @enum {string} */
            status: "active" | "expiring" | "expired" | "disabled" | "revoked";
            /**
             * Format: date-time
             * @description An ISO 8601 time (UTC).
             * @example 2026-12-04T21:00:00.000Z
             */
            createdAt: string;
            expiresAt: string | null;
            effectiveExpiresAt: string | null;
            lastUsedAt: string | null;
        };
        SelfRevoked: {
            /** @constant */
            revoked: true;
            /**
             * @description The public id of a key (12 base62 characters).
             * @example 7Gq2mZc0TfQa
             */
            id: string;
        };
        VerifyResult: {
            valid: boolean;
            /** @enum {string} */
            code: "VALID" | "INSUFFICIENT_PERMISSIONS" | "NOT_FOUND" | "REVOKED" | "DISABLED" | "EXPIRED";
            keyId: string | null;
            owner: components["schemas"]["KeyOwner"] | null;
            permissions: {
                permission: components["schemas"]["Permission"];
                /** @description The resources this key is limited to; null: every resource. */
                resources: components["schemas"]["Resource"][] | null;
            } | null;
            /** @description The key's effective expiry. */
            expiresAt: string | null;
        };
        KeyRevoked: {
            /** @constant */
            revoked: true;
            /**
             * @description The public id of a key (12 base62 characters).
             * @example 7Gq2mZc0TfQa
             */
            id: string;
            /** @description True when the key had been revoked before this request. */
            alreadyRevoked: boolean;
        };
        ProjectList: {
            projects: components["schemas"]["Project"][];
        };
        Project: {
            id: string;
            name: string;
            /**
             * Format: date-time
             * @description An ISO 8601 time (UTC).
             * @example 2026-12-04T21:00:00.000Z
             */
            createdAt: string;
        };
        ProjectEnvelope: {
            project: components["schemas"]["Project"];
        };
        LeakReceived: {
            received: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key, its owner and account. */
            200: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description No key, a malformed Authorization header, or a key that is unknown, revoked or expired (codes missing_token, invalid_request, invalid_token). */
            401: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    /** @description RFC 6750 challenge; error="invalid_token" (or another code) where a token was sent. */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key is valid but lacks this route's resource or write permission (code insufficient_scope). */
            403: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    /** @description RFC 6750 challenge; error="invalid_token" (or another code) where a token was sent. */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The keys. */
            200: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyList"];
                };
            };
            /** @description No key, a malformed Authorization header, or a key that is unknown, revoked or expired (codes missing_token, invalid_request, invalid_token). */
            401: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    /** @description RFC 6750 challenge; error="invalid_token" (or another code) where a token was sent. */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key is valid but lacks this route's resource or write permission (code insufficient_scope). */
            403: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    /** @description RFC 6750 challenge; error="invalid_token" (or another code) where a token was sent. */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeSelf: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked. */
            200: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SelfRevoked"];
                };
            };
            /** @description No key, a malformed Authorization header, or a key that is unknown, revoked or expired (codes missing_token, invalid_request, invalid_token). */
            401: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    /** @description RFC 6750 challenge; error="invalid_token" (or another code) where a token was sent. */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    verifyKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerifyRequest"];
            };
        };
        responses: {
            /** @description The verdict. */
            200: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyResult"];
                };
            };
            /** @description The body is not JSON, has the wrong Content-Type, or is too large (code invalid_body). */
            400: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No key, a malformed Authorization header, or a key that is unknown, revoked or expired (codes missing_token, invalid_request, invalid_token). */
            401: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    /** @description RFC 6750 challenge; error="invalid_token" (or another code) where a token was sent. */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key is valid but lacks this route's resource or write permission (code insufficient_scope). */
            403: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    /** @description RFC 6750 challenge; error="invalid_token" (or another code) where a token was sent. */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body has the wrong shape (code validation_failed, with details). */
            422: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A key id (12 base62 characters). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked (or already revoked). */
            200: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyRevoked"];
                };
            };
            /** @description No key, a malformed Authorization header, or a key that is unknown, revoked or expired (codes missing_token, invalid_request, invalid_token). */
            401: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    /** @description RFC 6750 challenge; error="invalid_token" (or another code) where a token was sent. */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key is valid but lacks this route's resource or write permission (code insufficient_scope). */
            403: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    /** @description RFC 6750 challenge; error="invalid_token" (or another code) where a token was sent. */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such key within this key's reach (code not_found). */
            404: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listProjects: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The projects. */
            200: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectList"];
                };
            };
            /** @description No key, a malformed Authorization header, or a key that is unknown, revoked or expired (codes missing_token, invalid_request, invalid_token). */
            401: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    /** @description RFC 6750 challenge; error="invalid_token" (or another code) where a token was sent. */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key is valid but lacks this route's resource or write permission (code insufficient_scope). */
            403: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    /** @description RFC 6750 challenge; error="invalid_token" (or another code) where a token was sent. */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createProject: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateProjectRequest"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectEnvelope"];
                };
            };
            /** @description The body is not JSON, has the wrong Content-Type, or is too large (code invalid_body). */
            400: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No key, a malformed Authorization header, or a key that is unknown, revoked or expired (codes missing_token, invalid_request, invalid_token). */
            401: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    /** @description RFC 6750 challenge; error="invalid_token" (or another code) where a token was sent. */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key is valid but lacks this route's resource or write permission (code insufficient_scope). */
            403: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    /** @description RFC 6750 challenge; error="invalid_token" (or another code) where a token was sent. */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body has the wrong shape (code validation_failed, with details). */
            422: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A project id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The project. */
            200: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectEnvelope"];
                };
            };
            /** @description No key, a malformed Authorization header, or a key that is unknown, revoked or expired (codes missing_token, invalid_request, invalid_token). */
            401: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    /** @description RFC 6750 challenge; error="invalid_token" (or another code) where a token was sent. */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key is valid but lacks this route's resource or write permission (code insufficient_scope). */
            403: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    /** @description RFC 6750 challenge; error="invalid_token" (or another code) where a token was sent. */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such project within this key's reach (code not_found). */
            404: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reportLeakedKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LeakReport"] | components["schemas"]["GitHubLeakReport"];
            };
        };
        responses: {
            /** @description Received. */
            202: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeakReceived"];
                };
            };
            /** @description The body is not JSON, has the wrong Content-Type, or is too large (code invalid_body). */
            400: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body has the wrong shape (code validation_failed, with details). */
            422: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests (code rate_limited). */
            429: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    /** @description Seconds to wait. */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOpenApi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI 3.1 document. */
            200: {
                headers: {
                    /** @description Nothing under /api/v1 is ever cached. */
                    "Cache-Control": "no-store";
                    "X-Content-Type-Options": "nosniff";
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        openapi: string;
                        info: {
                            [key: string]: unknown;
                        };
                        paths: {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
}
