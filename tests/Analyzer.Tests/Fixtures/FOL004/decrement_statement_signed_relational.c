/* FOL004 negative: a signed count tested with > 0 after the decrement statement stops at -1. */
#include <linux/mm_types.h>

static void sample_signed_stops(struct page *page, int nr)
{
	do {
		SetPageReserved(page++);
		nr--;
	} while (nr > 0);
}
