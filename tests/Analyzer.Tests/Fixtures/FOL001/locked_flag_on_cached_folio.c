/*
 * FOL001 positive: PG_locked set non-atomically on a folio from the page cache. PG_locked is the folio lock: the fix
 * is folio_lock(), never an atomic flag accessor.
 */
#include <linux/page-flags.h>

struct folio *sample_lookup_locked(struct address_space *mapping, pgoff_t index)
{
	struct folio *folio = filemap_get_folio(mapping, index);

	if (!folio)
		return NULL;
	__folio_set_locked(folio); /* expect: FOL001 */
	return folio;
}
