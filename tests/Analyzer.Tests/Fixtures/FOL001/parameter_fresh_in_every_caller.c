/* FOL001 negative: the only caller hands over a folio it allocated and has not published yet. */
#include <linux/page-flags.h>

static void fixture_prepare(struct folio *folio)
{
	__folio_set_locked(folio);
	__folio_set_swapbacked(folio);
}

struct folio *fixture_new_shmem_folio(struct address_space *mapping, pgoff_t index, gfp_t gfp)
{
	struct folio *folio = folio_alloc(gfp, 0);

	if (!folio)
		return NULL;
	fixture_prepare(folio);
	if (filemap_add_folio(mapping, folio, index, gfp)) {
		folio_put(folio);
		return NULL;
	}
	return folio;
}
