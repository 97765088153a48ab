-- Drives `claimql lsp` with Neovim's built-in LSP client (Neovim 0.7, Debian's), headless:
-- nvim --headless -n -i NONE -u lsp-test.lua script.cq
-- CLAIMQL_BIN is the claimql binary, CLAIMQL_NVIM_OUT the JSON file this writes what the
-- client saw into; the Swift test (LanguageServerTests) checks it.
local out = { steps = {} }
local function step(name) table.insert(out.steps, name) end

local function finish()
  local f = io.open(os.getenv("CLAIMQL_NVIM_OUT"), "w")
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd("qa!")
end

local function run()
local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = "claimql",
    cmd = { os.getenv("CLAIMQL_BIN"), "lsp" },
    root_dir = vim.fn.getcwd(),
  })
  out.client = client_id ~= nil
  vim.lsp.buf_attach_client(0, client_id)
  step("attached")

  -- A diagnostic at the right range (line 5's misspelt field, after non-ASCII text).
  vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 50)
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(out.diagnostics, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, message = d.message })
  end
  step("diagnostics")

  local function request(method, line, character)
    local params = { textDocument = vim.lsp.util.make_text_document_params() }
    if line then params.position = { line = line, character = character } end
    local responses = vim.lsp.buf_request_sync(0, method, params, 10000) or {}
    for _, r in pairs(responses) do
      if r.result ~= nil then return r.result end
    end
    return nil
  end

  -- Complete an entity name inside `"Sh` on line 4.
  local completion = request("textDocument/completion", 3, 26)
  out.completion = {}
  for _, item in ipairs((completion and completion.items) or completion or {}) do
    table.insert(out.completion, item.label)
  end
  step("completion")

  -- Hover over `shin` in line 3's `source: shin`.
  local hover = request("textDocument/hover", 2, 52)
  out.hover = hover and hover.contents and hover.contents.value or vim.NIL
  step("hover")

  -- Go to the definition of the same `shin`.
  local definition = request("textDocument/definition", 2, 52)
  out.definition = definition and definition.range and definition.range.start or vim.NIL
  step("definition")

  -- Format the buffer through the server.
  vim.lsp.buf.formatting_sync(nil, 10000)
  out.formatted = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  step("formatting")

  -- Fix the misspelling with a small edit (sent as an incremental change): the
  -- diagnostic goes away.
  local line = vim.api.nvim_buf_get_lines(0, 4, 5, false)[1]
  local s = string.find(line, "qyt", 1, true)
  vim.api.nvim_buf_set_text(0, 4, s - 1, 4, s + 2, { "qty" })
  out.cleared = vim.wait(15000, function() return #vim.diagnostic.get(0) == 0 end, 50)
  step("edited")
end)
if not ok then out.error = tostring(err) end
finish()
end

-- The init file runs before the file is read: start once Neovim is up.
vim.api.nvim_create_autocmd("VimEnter", { callback = function() vim.schedule(run) end })
