/* FOL004: the decrement as a statement of its own, then the test: nr == 0 wraps before the first test. */
#include <linux/mm_types.h>

static void sample_dirty_range(struct page *page, unsigned int nr)
{
	do { /* expect: FOL004 */
		SetPageDirty(page);
		page++;
		nr--;
	} while (nr);
}
