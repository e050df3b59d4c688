/* FOL001 negative: non-atomic updates of a folio this function allocated, before it is added to the page cache. */
#include <linux/page-flags.h>

struct folio *fixture_read_folio(struct address_space *mapping, pgoff_t index, gfp_t gfp)
{
	struct folio *folio = filemap_alloc_folio(gfp, 0);

	if (!folio)
		return NULL;
	__folio_set_locked(folio);
	__folio_set_swapbacked(folio);
	if (mem_cgroup_charge(folio, NULL, gfp)) {
		folio_put(folio);
		return NULL;
	}
	if (filemap_add_folio(mapping, folio, index, gfp)) {
		/* adding failed: still nobody else's */
		__folio_clear_locked(folio);
		folio_put(folio);
		return NULL;
	}
	return folio;
}
