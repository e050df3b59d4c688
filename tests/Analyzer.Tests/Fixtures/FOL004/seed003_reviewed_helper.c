/* FOL004 negative: the helper as the seed-003 review asked for it: assert the precondition, test before acting. */
#include <linux/mm_types.h>

static inline void folio_clear_pages_anon_exclusive(struct folio *folio,
		struct page *first_subpage, unsigned int nr_pages)
{
	struct page *subpage = first_subpage;

	VM_WARN_ON_ONCE(!nr_pages);
	while (nr_pages--)
		ClearPageAnonExclusive(subpage++);
}
