/* A struct folio with a member whose type rules/kernel/layout.yaml has no size for: the check cannot lay it out. */
#include <linux/mm_types.h>

struct folio {
	unsigned long flags;
	frob_t frob;
};

static void sample_untouched(struct folio *folio)
{
	folio_ref_add(folio, 1);
}
