/* FOL004 caller side negative: callers pass 1, a tested count and a count assigned again: only the helper is reported. */
#include <linux/mm_types.h>

static void sample_dirty_pages(struct page *page, unsigned int nr)
{
	do { /* expect: FOL004 */
		SetPageDirty(page++);
	} while (--nr);
}

static void sample_callers(struct page *page, unsigned int nr)
{
	unsigned int left = 0;

	sample_dirty_pages(page, 1);
	if (nr)
		sample_dirty_pages(page, nr);
	left = nr + 1;
	sample_dirty_pages(page, left);
}
