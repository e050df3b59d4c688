/* FOL004: for (;;) with the decrement as a statement and the zero test after it, the set_ptes() shape respelled. */
#include <linux/mm_types.h>

static void sample_clear_exclusive(struct page *page, unsigned int nr_pages)
{
	for (;;) { /* expect: FOL004 */
		ClearPageAnonExclusive(page);
		nr_pages -= 1;
		if (!nr_pages)
			break;
		page++;
	}
}
