/*
 * FOL002: the statements under a label after the function's last return run only through their gotos; they are
 * code like any other. Here the undo path hands every page of a compound page its own count, tails included.
 */
#include <linux/mm_types.h>

static bool sample_prep_pages(struct page *page, unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++) {
		if (!page_ref_freeze(nth_page(page, i), 1))
			goto undo;
	}
	return true;

undo:
	while (i--)
		set_page_refcounted(nth_page(page, i)); /* expect: FOL002 */
	return false;
}
