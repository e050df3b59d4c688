/* FOL004 negative: while (nr) tests before the first operation; the decrement statement cannot wrap. */
#include <linux/mm_types.h>

static void sample_test_first(struct page *page, unsigned int nr)
{
	while (nr != 0) {
		SetPageDirty(page++);
		nr--;
	}
}
