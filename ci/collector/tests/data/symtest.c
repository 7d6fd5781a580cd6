/* Symbolization fixture for the collector tests: built for mipsel with -g, its
 * addresses are fed to the collector as address-only stack frames. */
volatile int symtest_sink;

__attribute__((noinline)) void symtest_leaf(int v)
{
	symtest_sink = v * 3;
}

static inline __attribute__((always_inline)) void symtest_inlined(int v)
{
	symtest_sink += v;
	symtest_leaf(v + 1);
}

__attribute__((noinline)) void symtest_middle(int v)
{
	symtest_inlined(v);
	symtest_sink ^= 5;
}

void symtest_entry(void)
{
	symtest_middle(7);
	for (;;)
		;
}
