/* sha.c: SHA-256 in hex over nettle (see sha.h). */
#include "sha.h"

void mo_sha_init(mo_sha *c)
{
	sha256_init(c);
}

void mo_sha_add(mo_sha *c, const void *p, size_t n)
{
	sha256_update(c, n, p);
}

void mo_sha_hex(mo_sha *c, char out[MO_SHA_HEX])
{
	static const char HEX[] = "0123456789abcdef";
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_digest(c, sizeof d, d);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = HEX[d[i] >> 4];
		out[2 * i + 1] = HEX[d[i] & 15];
	}
	out[2 * SHA256_DIGEST_SIZE] = '\0';
}

void mo_sha_data(const void *p, size_t n, char out[MO_SHA_HEX])
{
	mo_sha c;
	mo_sha_init(&c);
	mo_sha_add(&c, p, n);
	mo_sha_hex(&c, out);
}
