/* FOL004: prefix decrement statement, then `while (nr != 0)`. */
#include <linux/mm_types.h>

static void sample_unpin_range(struct page *page, unsigned long nr_pages)
{
	do { /* expect: FOL004 */
		ClearPageHWPoison(page++);
		--nr_pages;
	} while (nr_pages != 0);
}
