-- folint lsp in Neovim's built-in LSP client, headless, against the sample tree:
--   FOLINT_APP=path/to/folint.dll FOLINT_SAMPLE_TREE=samples/tree nvim --headless --clean -c 'luafile tests/neovim/lsp.lua'
-- Opens the FOL000 positive sample, waits for the diagnostic, applies the quick fix to the buffer (never to the
-- file) and waits for the diagnostic to go. Exits 0 when every check holds, else prints the failures and exits 1.
-- Written against Neovim 0.7 (Debian's), whose API lacks vim.lsp.start.
local app = assert(os.getenv('FOLINT_APP'), 'FOLINT_APP: the folint.dll to run')
local tree = assert(os.getenv('FOLINT_SAMPLE_TREE'), 'FOLINT_SAMPLE_TREE: the sample tree')
local failures = {}
local function check(condition, message)
  if not condition then table.insert(failures, message) end
  return condition
end

local function finish()
  if #failures > 0 then
    io.stderr:write('neovim: ' .. table.concat(failures, '\nneovim: ') .. '\n')
    vim.cmd('cquit! 1')
  end
  io.stdout:write('neovim: all checks passed\n')
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(tree .. '/mm/open_coded_set_bit.c'))
  local buffer = vim.api.nvim_get_current_buf()
  check(vim.bo[buffer].filetype == 'c', 'filetype is ' .. vim.bo[buffer].filetype)

  local progress = {}
  local client_id = vim.lsp.start_client({
    name = 'folint',
    cmd = { 'dotnet', app, 'lsp' },
    root_dir = tree,
    handlers = {
      ['$/progress'] = function(_, result) table.insert(progress, result.value.kind) end,
    },
  })
  if not check(client_id ~= nil, 'the client did not start') then return end
  vim.lsp.buf_attach_client(buffer, client_id)

  if not check(vim.wait(30000, function() return #vim.diagnostic.get(buffer) > 0 end, 50), 'no diagnostics within 30 s') then return end
  -- the same line also carries FOL001 (the page is not held exclusively there), which has no mechanical fix
  local diagnostics = vim.tbl_filter(function(d)
    return (d.user_data and d.user_data.lsp or {}).code == 'FOL000'
  end, vim.diagnostic.get(buffer))
  check(#diagnostics == 1, #diagnostics .. ' FOL000 diagnostics, expected 1')
  local diagnostic = diagnostics[1]
  local lsp = diagnostic.user_data and diagnostic.user_data.lsp or {}
  check(lsp.code == 'FOL000', 'code ' .. tostring(lsp.code))
  check(diagnostic.source == 'folint', 'source ' .. tostring(diagnostic.source))
  check(diagnostic.lnum == 10 and diagnostic.col == 1, ('at %d:%d, expected 10:1 (0-based)'):format(diagnostic.lnum, diagnostic.col))
  check(diagnostic.message:find('open-coded non-atomic __set_bit(PG_private)', 1, true) == 1, 'message: ' .. diagnostic.message)
  check(progress[1] == 'begin' and progress[#progress] == 'end', 'progress: ' .. table.concat(progress, ','))

  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buffer) },
    range = lsp.range,
    context = { diagnostics = { lsp } },
  }
  local responses = vim.lsp.buf_request_sync(buffer, 'textDocument/codeAction', params, 10000) or {}
  local actions = responses[client_id] and responses[client_id].result or {}
  if not check(#actions == 1, #actions .. ' code actions, expected 1') then return end
  check(actions[1].title == 'Use set_bit(), which is atomic', 'title ' .. actions[1].title)
  vim.lsp.util.apply_workspace_edit(actions[1].edit, 'utf-16')
  local line = vim.api.nvim_buf_get_lines(buffer, 10, 11, false)[1]
  check(line == '\tset_bit(PG_private, &page->flags);', 'after the fix: ' .. line)
  check(vim.wait(30000, function() return #vim.diagnostic.get(buffer) == 0 end, 50), 'the diagnostic stayed after the fix')

  vim.lsp.stop_client(client_id)
  check(vim.wait(10000, function() return vim.lsp.client_is_stopped(client_id) end, 50), 'the server did not stop')
end)
check(ok, 'error: ' .. tostring(err))
finish()
