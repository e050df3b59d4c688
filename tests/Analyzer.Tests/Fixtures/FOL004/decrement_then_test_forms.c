/* FOL004: the other spellings of decrement-then-test over page operations, none guarded. */
#include <linux/mm_types.h>

static void sample_dirty_pages(struct page *page, unsigned long nr)
{
	do { /* expect: FOL004 */
		SetPageDirty(page++);
	} while (--nr);
}

static void sample_unreference_pages(struct page *page, unsigned int nr)
{
	ClearPageReferenced(page);
	while (--nr) /* expect: FOL004 */
		ClearPageReferenced(++page);
}

static void sample_map_pages(struct page *page, unsigned int nr_pages)
{
	do { /* expect: FOL004 */
		atomic_inc(&page->_mapcount);
	} while (page++, --nr_pages > 0);
}

static void sample_reference_pages(struct page *page, unsigned int nr)
{
	for (;;) { /* expect: FOL004 */
		page_ref_inc(page); /* expect: FOL002 (a stepped page may be a tail, too) */
		if (!--nr)
			break;
		page++;
	}
}

static void sample_set_flag_bits(struct page *page, unsigned int nr)
{
	do { /* expect: FOL004 */
		set_bit(PG_dirty, &page->flags);
		page++;
	} while (--nr != 0);
}
