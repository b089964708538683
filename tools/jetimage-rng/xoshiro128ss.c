/* Reference outputs of the RNG of @apemen/jetimage (createRng), from the authors' algorithms:
 * SplitMix64 (Steele, Lea, Flood; Vigna's public-domain splitmix64.c) seeds the four 32-bit words of
 * xoshiro128** 1.1 (Blackman and Vigna, public-domain xoshiro128starstar.c): words 0,1 are the low and
 * high halves of the first SplitMix64 output, words 2,3 of the second.
 * uniform() = ((a >> 5) * 2^26 + (b >> 6)) / 2^53 from two consecutive outputs a, b.
 * Build: cc -O2 -o xoshiro128ss xoshiro128ss.c && ./xoshiro128ss > ../../packages/jetimage/test/fixtures/xoshiro128ss.json
 */
#include <stdint.h>
#include <stdio.h>

static uint64_t sm;
static uint64_t splitmix64(void) {
  uint64_t z = (sm += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint32_t s[4];
static inline uint32_t rotl(const uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
static uint32_t next(void) {
  const uint32_t result = rotl(s[1] * 5, 7) * 9;
  const uint32_t t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

static void seed(uint64_t value) {
  sm = value;
  uint64_t a = splitmix64(), b = splitmix64();
  s[0] = (uint32_t)a; s[1] = (uint32_t)(a >> 32); s[2] = (uint32_t)b; s[3] = (uint32_t)(b >> 32);
}

int main(void) {
  const uint64_t seeds[] = {0, 140280, 9007199254740991ULL};
  printf("{\n  \"generator\": \"xoshiro128** seeded by splitmix64 (tools/jetimage-rng/xoshiro128ss.c)\",\n  \"cases\": [\n");
  for (int c = 0; c < 3; c++) {
    seed(seeds[c]);
    printf("    {\n      \"seed\": %llu,\n      \"state\": [%u, %u, %u, %u],\n      \"uint32\": [", (unsigned long long)seeds[c], s[0], s[1], s[2], s[3]);
    for (int i = 0; i < 8; i++) printf("%s%u", i ? ", " : "", next());
    printf("],\n      \"uniform\": [");
    for (int i = 0; i < 4; i++) {
      uint32_t a = next(), b = next();
      printf("%s%.17g", i ? ", " : "", ((double)(a >> 5) * 67108864.0 + (double)(b >> 6)) / 9007199254740992.0);
    }
    printf("]\n    }%s\n", c < 2 ? "," : "");
  }
  printf("  ]\n}\n");
  return 0;
}
