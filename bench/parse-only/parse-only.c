/*
 * parse-only: the raw tree-sitter baseline for folint.
 *
 * Parses C files with the same libfolint-treesitter.so folint loads (no normalization, no lowering)
 * and prints what a later benchmark compares folint against:
 *   files, bytes, parse seconds, MB/s,
 *   function_definition nodes (counted anywhere in the tree, including inside ERROR nodes),
 *   how many of them have an ERROR or MISSING node inside their body (the `body` field), and how
 *   many anywhere in the definition (return type, declarator, annotations or body),
 *   top-level ERROR nodes: ERROR nodes outside every function definition (the code they swallow
 *   is lost to the analysis entirely), and all ERROR nodes.
 *
 * Usage:
 *   parse-only [-v] [-q] DIR_OR_FILE...     walk the arguments for *.c and *.h files
 *   find ... | parse-only [-v] [-q]         read one file name a line from stdin
 * -v prints one line per file: path, bytes, functions, body_errors, definition_errors, toplevel_errors,
 *    error_nodes, has_error (tab-separated);
 * -q prints only the totals line in key=value form (for scripts).
 * Build: bench/parse-only/build.sh (after `dotnet build` of src/CSource).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_c(void);

struct totals {
	uint64_t files, files_with_error, unreadable, bytes, functions, body_errors, definition_errors, toplevel_errors, error_nodes,
		nested, nested_definition_errors;
	double parse_seconds;
};

static struct totals totals;
static TSParser *parser;
static bool verbose, quiet;
static TSSymbol *function_definition_symbols;
static size_t function_definition_count;
static TSFieldId body_field;

static bool in_set(TSSymbol s, const TSSymbol *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == s)
			return true;
	return false;
}

/* Every symbol id carrying one of the names (tree-sitter may alias several ids to one name). */
static TSSymbol *symbols_named(const TSLanguage *lang, const char *const *names, size_t name_count, size_t *count)
{
	uint32_t n = ts_language_symbol_count(lang);
	TSSymbol *out = calloc(n, sizeof *out);
	*count = 0;
	for (uint32_t s = 0; s < n; s++) {
		const char *name = ts_language_symbol_name(lang, (TSSymbol)s);
		for (size_t k = 0; name && k < name_count; k++)
			if (strcmp(name, names[k]) == 0 && ts_language_symbol_type(lang, (TSSymbol)s) == TSSymbolTypeRegular)
				out[(*count)++] = (TSSymbol)s;
	}
	return out;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *read_file(const char *path, size_t *length)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return NULL;
	}
	char *buffer = malloc((size_t)st.st_size + 1);
	size_t got = buffer ? fread(buffer, 1, (size_t)st.st_size, f) : 0;
	fclose(f);
	if (!buffer || got != (size_t)st.st_size) {
		free(buffer);
		return NULL;
	}
	*length = got;
	return buffer;
}

struct counts {
	uint64_t functions, body_errors, definition_errors, toplevel_errors, error_nodes, nested, nested_definition_errors;
};

/* Walks the whole tree once with a cursor. */
static void count_tree(TSTree *tree, struct counts *c)
{
	static bool *in_function; /* in_function[d]: the node at depth d is inside a function definition */
	static size_t capacity;
	TSNode root = ts_tree_root_node(tree);
	TSTreeCursor cursor = ts_tree_cursor_new(root);
	uint32_t depth = 0;
	for (;;) {
		TSNode node = ts_tree_cursor_current_node(&cursor);
		TSSymbol symbol = ts_node_symbol(node);
		bool inside = depth > 0 && in_function[depth - 1];
		if (in_set(symbol, function_definition_symbols, function_definition_count)) {
			c->functions++;
			TSNode body = ts_node_child_by_field_id(node, body_field);
			if (!ts_node_is_null(body) && ts_node_has_error(body))
				c->body_errors++;
			if (ts_node_has_error(node))
				c->definition_errors++;
			if (inside) {
				/* C has no nested functions: error recovery read a macro statement as a K&R definition */
				c->nested++;
				c->nested_definition_errors += ts_node_has_error(node);
			}
			inside = true;
		} else if (ts_node_is_error(node)) {
			c->error_nodes++;
			if (!inside)
				c->toplevel_errors++;
		}
		if (ts_tree_cursor_goto_first_child(&cursor)) {
			if (depth >= capacity) {
				capacity = capacity ? capacity * 2 : 256;
				in_function = realloc(in_function, capacity * sizeof *in_function);
			}
			in_function[depth++] = inside;
			continue;
		}
		while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
			if (!ts_tree_cursor_goto_parent(&cursor)) {
				ts_tree_cursor_delete(&cursor);
				return;
			}
			depth--;
		}
	}
}

static void parse_one(const char *path)
{
	size_t length = 0;
	char *text = read_file(path, &length);
	if (!text) {
		fprintf(stderr, "parse-only: %s: cannot read: %s\n", path, strerror(errno ? errno : EIO));
		totals.unreadable++;
		return;
	}
	double start = now();
	TSTree *tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)length);
	totals.parse_seconds += now() - start;
	if (!tree) {
		fprintf(stderr, "parse-only: %s: tree-sitter returned no tree\n", path);
		ts_parser_reset(parser);
		free(text);
		totals.unreadable++;
		return;
	}
	struct counts c = { 0 };
	count_tree(tree, &c);
	bool has_error = ts_node_has_error(ts_tree_root_node(tree));
	totals.files++;
	totals.files_with_error += has_error;
	totals.bytes += length;
	totals.functions += c.functions;
	totals.body_errors += c.body_errors;
	totals.definition_errors += c.definition_errors;
	totals.toplevel_errors += c.toplevel_errors;
	totals.error_nodes += c.error_nodes;
	totals.nested += c.nested;
	totals.nested_definition_errors += c.nested_definition_errors;
	if (verbose)
		printf("%s\t%zu\t%llu\t%llu\t%llu\t%llu\t%llu\t%d\n", path, length, (unsigned long long)c.functions,
		       (unsigned long long)c.body_errors, (unsigned long long)c.definition_errors,
		       (unsigned long long)c.toplevel_errors, (unsigned long long)c.error_nodes, has_error);
	ts_tree_delete(tree);
	free(text);
}

static bool is_c_file(const char *path)
{
	size_t n = strlen(path);
	return n > 2 && path[n - 2] == '.' && (path[n - 1] == 'c' || path[n - 1] == 'h');
}

/* nftw visits a directory in readdir order; collect and sort so runs are reproducible. */
static char **found;
static size_t found_count, found_capacity;

static int collect(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_F && is_c_file(path)) {
		if (found_count == found_capacity) {
			found_capacity = found_capacity ? found_capacity * 2 : 1024;
			found = realloc(found, found_capacity * sizeof *found);
		}
		found[found_count++] = strdup(path);
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int first = 1;
	for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
		if (strcmp(argv[first], "-v") == 0)
			verbose = true;
		else if (strcmp(argv[first], "-q") == 0)
			quiet = true;
		else {
			fprintf(stderr, "usage: parse-only [-v] [-q] [DIR_OR_FILE...]  (no argument: file names on stdin)\n");
			return 2;
		}
	}

	const TSLanguage *lang = tree_sitter_c();
	parser = ts_parser_new();
	if (!ts_parser_set_language(parser, lang)) {
		fprintf(stderr, "parse-only: the C grammar's ABI is not supported by this tree-sitter runtime\n");
		return 1;
	}
	static const char *const function_names[] = { "function_definition" };
	function_definition_symbols = symbols_named(lang, function_names, 1, &function_definition_count);
	body_field = ts_language_field_id_for_name(lang, "body", 4);

	if (first < argc) {
		for (int i = first; i < argc; i++) {
			struct stat st;
			if (stat(argv[i], &st) != 0) {
				fprintf(stderr, "parse-only: %s: %s\n", argv[i], strerror(errno));
				totals.unreadable++;
			} else if (S_ISDIR(st.st_mode)) {
				nftw(argv[i], collect, 32, FTW_PHYS);
			} else {
				collect(argv[i], &st, FTW_F, NULL);
			}
		}
		qsort(found, found_count, sizeof *found, by_name);
		for (size_t i = 0; i < found_count; i++) {
			parse_one(found[i]);
			free(found[i]);
		}
		free(found);
	} else {
		char *line = NULL;
		size_t capacity = 0;
		ssize_t n;
		while ((n = getline(&line, &capacity, stdin)) > 0) {
			while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
				line[--n] = '\0';
			if (n > 0)
				parse_one(line);
		}
		free(line);
	}

	double mb = totals.bytes / 1e6;
	double body_pct = totals.functions ? 100.0 * totals.body_errors / totals.functions : 0.0;
	double definition_pct = totals.functions ? 100.0 * totals.definition_errors / totals.functions : 0.0;
	double mb_per_s = totals.parse_seconds > 0 ? mb / totals.parse_seconds : 0.0;
#define U(x) ((unsigned long long)(x))
	if (quiet)
		printf("files=%llu files_with_error=%llu bytes=%llu seconds=%.3f mb_per_s=%.1f functions=%llu "
		       "body_errors=%llu body_pct=%.2f definition_errors=%llu definition_pct=%.2f toplevel_errors=%llu "
		       "error_nodes=%llu nested=%llu outermost=%llu outermost_definition_errors=%llu unreadable=%llu\n",
		       U(totals.files), U(totals.files_with_error), U(totals.bytes), totals.parse_seconds, mb_per_s,
		       U(totals.functions), U(totals.body_errors), body_pct, U(totals.definition_errors), definition_pct,
		       U(totals.toplevel_errors), U(totals.error_nodes), U(totals.nested), U(totals.functions - totals.nested),
		       U(totals.definition_errors - totals.nested_definition_errors), U(totals.unreadable));
	else
		printf("files %llu (%llu with an ERROR or MISSING node)  bytes %llu  parse %.3f s  %.1f MB/s\n"
		       "function definitions %llu  with ERROR/MISSING in body %llu (%.2f%%)  anywhere in the definition %llu (%.2f%%)\n"
		       "outside any other definition %llu (%llu nested in another), of those with ERROR/MISSING anywhere %llu\n"
		       "top-level ERROR nodes (outside every function definition) %llu  all ERROR nodes %llu%s\n",
		       U(totals.files), U(totals.files_with_error), U(totals.bytes), totals.parse_seconds, mb_per_s,
		       U(totals.functions), U(totals.body_errors), body_pct, U(totals.definition_errors), definition_pct,
		       U(totals.functions - totals.nested), U(totals.nested), U(totals.definition_errors - totals.nested_definition_errors),
		       U(totals.toplevel_errors), U(totals.error_nodes),
		       totals.unreadable ? "  (some inputs unreadable, see stderr)" : "");
#undef U
	ts_parser_delete(parser);
	return totals.unreadable ? 1 : 0;
}
