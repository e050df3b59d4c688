/*
 * FOL002 negative: the undo path of a compound-page preparation. Every page but the first has its compound head
 * cleared before it gets a count, and the first (index 0) is the head itself.
 */
#include <linux/mm_types.h>

static bool sample_prep_compound(struct page *page, unsigned long nr)
{
	struct page *p;
	unsigned long i, j;

	for (i = 0; i < nr; i++) {
		p = nth_page(page, i);
		if (!page_ref_freeze(p, 1))
			goto undo;
	}
	return true;

undo:
	for (j = 0; j < i; j++) {
		p = nth_page(page, j);
		if (j != 0)
			clear_compound_head(p);
		set_page_refcounted(p);
	}
	return false;
}
