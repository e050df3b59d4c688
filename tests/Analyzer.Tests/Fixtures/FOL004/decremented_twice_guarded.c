/* FOL004 negative: the body's second decrement is guarded by a test of the count. */
#include <linux/mm_types.h>

static void sample_skip_tails_guarded(struct page *page, unsigned int nr)
{
	for (; nr; nr--, page++) {
		ClearPageReserved(page);
		if (nr > 1 && PageTail(page + 1)) {
			page++;
			nr--;
		}
	}
}
