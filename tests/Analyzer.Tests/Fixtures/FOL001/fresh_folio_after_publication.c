/* FOL001 positive: the same non-atomic update after the folio went into the page cache. */
#include <linux/page-flags.h>

struct folio *fixture_readahead_folio(struct address_space *mapping, pgoff_t index, gfp_t gfp)
{
	struct folio *folio = filemap_alloc_folio(gfp, 0);
	int err;

	if (!folio)
		return NULL;
	err = filemap_add_folio(mapping, folio, index, gfp);
	if (err) {
		folio_put(folio);
		return NULL;
	}
	__folio_set_readahead(folio); /* expect: FOL001 */
	return folio;
}
