/* FOL004: a signed count that the != 0 test does not stop: it goes negative instead of wrapping. */
#include <linux/mm_types.h>

static void sample_signed_range(struct page *page, int nr)
{
	do { /* expect: FOL004 */
		SetPageReserved(page++);
		nr--;
	} while (nr != 0);
}
