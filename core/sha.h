/* sha.h: SHA-256 in lower-case hexadecimal, for the audit log's chain,
 * the policy-set hash and the fingerprints of imported and exported files
 * (remittances, bank statements, payroll exports). It uses nettle, which
 * picks the CPU's SHA instructions where there are some. */
#ifndef MO_SHA_H
#define MO_SHA_H

#include <nettle/sha2.h>
#include <stddef.h>

/* Hex digest length with its terminating NUL. */
#define MO_SHA_HEX 65

/* A digest being computed: mo_sha_init, any number of mo_sha_add, then
 * mo_sha_hex (which leaves it ready for reuse). Caller-owned, no heap. */
typedef struct sha256_ctx mo_sha;

void mo_sha_init(mo_sha *c);
void mo_sha_add(mo_sha *c, const void *p, size_t n);
void mo_sha_hex(mo_sha *c, char out[MO_SHA_HEX]);
/* The digest of p[0..n) in one call. */
void mo_sha_data(const void *p, size_t n, char out[MO_SHA_HEX]);

#endif
