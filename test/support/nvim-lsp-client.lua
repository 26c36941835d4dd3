-- Headless Neovim as ThreatLint's LSP client, driven by test/unit/neovim.test.ts.
-- Opens LSP_FILE with filetype LSP_FT, attaches the server `LSP_CMD` (words split on spaces), and
-- writes to LSP_OUT a JSON object: the first non-empty publishDiagnostics, the code actions and
-- the hover at its first diagnostic, and, when EDIT_FROM/EDIT_TO are set, the diagnostics
-- published after that text is replaced in the (unsaved) buffer.
-- Works with Neovim 0.7 (Debian 12: vim.lsp.start_client) and newer (vim.lsp.start).
local file = os.getenv('LSP_FILE')
local cmd = vim.split(os.getenv('LSP_CMD'), ' ', { plain = true })
local out_file = os.getenv('LSP_OUT')
local edit_from, edit_to = os.getenv('EDIT_FROM'), os.getenv('EDIT_TO')
local timeout = tonumber(os.getenv('LSP_TIMEOUT_MS') or '15000')
local root = os.getenv('LSP_ROOT') or vim.fn.fnamemodify(file, ':p:h')
local result = { errors = {} }

local function finish()
  local f = assert(io.open(out_file, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

-- Every publishDiagnostics the server sends, in order.
local published = {}
local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
  default_handler(err, params, ctx, config)
  if params then table.insert(published, params) end
end

-- window/showDocument, which the server sends for "Show documentation": recorded, not opened.
vim.lsp.handlers['window/showDocument'] = function(_, params)
  result.showDocument = params
  return { success = true }
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
vim.bo.filetype = os.getenv('LSP_FT')
local bufnr = vim.api.nvim_get_current_buf()
local config = {
  name = 'threatlint',
  cmd = cmd,
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'ws' } },
}
local client_id
if vim.lsp.start then
  client_id = vim.lsp.start(config, { bufnr = bufnr })
else
  client_id = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(bufnr, client_id)
end

local function wait_publish(from, predicate)
  local found
  vim.wait(timeout, function()
    for i = from + 1, #published do
      if predicate(published[i]) then found = published[i]; return true end
    end
    return false
  end, 20)
  return found
end

local first = wait_publish(0, function(p) return #p.diagnostics > 0 end)
if not first then
  table.insert(result.errors, 'no diagnostics within ' .. timeout .. ' ms')
  return finish()
end
result.diagnostics = first.diagnostics

local d = first.diagnostics[1]
local actions = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  range = d.range,
  context = { diagnostics = { d } },
}, timeout)
result.codeActions = {}
for _, response in pairs(actions or {}) do
  for _, action in ipairs(response.result or {}) do table.insert(result.codeActions, action) end
end

-- Runs the server-side "Show documentation" command, as a code-action menu would.
for _, action in ipairs(result.codeActions) do
  if action.command and action.command.command == 'threatlint.server.showRuleDoc' then
    vim.lsp.buf_request_sync(bufnr, 'workspace/executeCommand', action.command, timeout)
    vim.wait(timeout, function() return result.showDocument ~= nil end, 20)
    break
  end
end

local hovers = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  position = d.range.start,
}, timeout)
for _, response in pairs(hovers or {}) do
  if response.result then result.hover = response.result.contents.value end
end

if edit_from and edit_to then
  local before = #published
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for i, line in ipairs(lines) do
    local s, e = string.find(line, edit_from, 1, true)
    if s then
      vim.api.nvim_buf_set_text(bufnr, i - 1, s - 1, i - 1, e, { edit_to })
      break
    end
  end
  local after = wait_publish(before, function() return true end)
  result.afterEdit = after and after.diagnostics or vim.NIL
  result.modified = vim.bo[bufnr].modified
end

vim.lsp.stop_client(client_id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
finish()
