/* FOL004: for (; nr; nr--) with a second, unguarded decrement in the body: from 1 the update wraps nr. */
#include <linux/mm_types.h>

static void sample_skip_tails(struct page *page, unsigned int nr)
{
	for (; nr; nr--, page++) { /* expect: FOL004 */
		ClearPageReserved(page);
		if (PageTail(page + 1)) {
			page++;
			nr--;
		}
	}
}
