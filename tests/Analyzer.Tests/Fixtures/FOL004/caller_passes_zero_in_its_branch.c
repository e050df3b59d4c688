/* FOL004 caller side: the count is passed inside the branch where it was found to be 0. */
#include <linux/mm_types.h>

static void sample_dirty_pages(struct page *page, unsigned int nr)
{
	do { /* expect: FOL004 */
		SetPageDirty(page++);
	} while (--nr);
}

static void sample_writeback(struct page *page, unsigned int nr)
{
	if (!nr) {
		sample_dirty_pages(page, nr); /* expect: FOL004 */
		return;
	}
	sample_dirty_pages(page, nr);
}
