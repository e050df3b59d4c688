/* FOL002 negative: storing 0 into a to-be-tail's refcount keeps the invariant (preparing a compound page). */
#include <linux/mm_types.h>

static void sample_prep_compound(struct page *page, unsigned int order)
{
	unsigned int i, nr = 1U << order;
	struct page *p = page + 1;

	for (i = 1; i < nr; i++, p++) {
		set_page_count(p, 0);
		atomic_set(&p->_refcount, 0);
		set_compound_head(p, page);
	}
	if (!page_ref_freeze(page + 1, 1))
		return;
	atomic_cmpxchg(&page[2]._refcount, 1, 0);
}
