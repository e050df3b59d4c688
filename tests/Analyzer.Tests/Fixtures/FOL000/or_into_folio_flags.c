/* FOL000 positive: |= on a folio's flags, through page_folio(). */
void mark(struct page *page)
{
	page_folio(page)->flags |= 1UL << PG_referenced; /* expect: FOL000, FOL001 */
}
