package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/runtime"
	"github.com/fqlite/fqlite/schema"
)

// The schema endpoints fauna-shell v4 calls (spec/wire.md §9): list and
// read the FSL files, diff and push (active or staged), staged status,
// commit and abandon. Every answer is JSON with a `version`: the time (µs)
// of the latest schema change, or of the latest stage/commit/abandon if
// later.

// maxSchemaFiles is how many files one upload may hold (Fauna's limit).
const maxSchemaFiles = 1024

func (s *Server) serveSchema(w *recorder, r *http.Request) {
	secret, ok := secretOf(r.Header)
	if !ok {
		schemaError(w, http.StatusUnauthorized, eval.CodeUnauthorized, "Access token required")
		return
	}
	target, status, code, msg := s.schemaAccess(r.Context(), secret)
	if status != 0 {
		schemaError(w, status, code, msg)
		return
	}
	route := strings.TrimPrefix(r.URL.EscapedPath(), "/schema/1/")
	method := http.MethodPost
	var handle func(sc *schemaScope, w *recorder, r *http.Request)
	switch route {
	case "files":
		method, handle = http.MethodGet, (*schemaScope).schemaList
	case "update":
		handle = (*schemaScope).schemaUpdate
	case "diff", "validate":
		handle = (*schemaScope).schemaDiff
	case "staged/status", "status":
		method, handle = http.MethodGet, (*schemaScope).schemaStatus
	case "staged/commit", "commit":
		handle = (*schemaScope).schemaCommit
	case "staged/abandon", "abandon":
		handle = (*schemaScope).schemaAbandon
	default:
		if strings.HasPrefix(route, "files/") {
			method, handle = http.MethodGet, (*schemaScope).schemaFile
		}
	}
	if handle == nil {
		schemaError(w, http.StatusNotFound, codeNotFound, "Not found")
		return
	}
	if r.Method != method {
		methodNotAllowed(w, method)
		return
	}
	s.schemaMu.Lock()
	defer s.schemaMu.Unlock()
	sc, err := s.scope(target)
	if err != nil {
		s.schemaInternal(w, err)
		return
	}
	handle(sc, w, r)
}

// schemaScope is the schema endpoints' view of one database: the root
// database the server serves, or a child database a secret reaches.
type schemaScope struct {
	*Server
	db    *runtime.DB
	files *schemaFiles
}

// scope returns the schema scope of db; the caller holds schemaMu. A
// child database keeps its schema files in its own directory.
func (s *Server) scope(db *runtime.DB) (*schemaScope, error) {
	if db == s.db {
		return &schemaScope{Server: s, db: db, files: s.files}, nil
	}
	f := s.childFiles[db]
	if f == nil {
		path := ""
		if s.cfg.SchemaFiles != "" && db.Dir() != "" {
			path = filepath.Join(db.Dir(), DefaultSchemaFileName)
		}
		var err error
		if f, err = loadSchemaFiles(path); err != nil {
			return nil, err
		}
		if s.childFiles == nil {
			s.childFiles = map[*runtime.DB]*schemaFiles{}
		}
		s.childFiles[db] = f
	}
	return &schemaScope{Server: s, db: db, files: f}, nil
}

// schemaAccess checks that secret may read and write the schema: admin
// only (spec/fsl-auth.md §2.2). It returns status 0 when access is
// granted.
func (s *Server) schemaAccess(ctx context.Context, secret string) (target *runtime.DB, status int, code, msg string) {
	target, admin, err := s.db.SchemaAccess(ctx, secret)
	var e *eval.Error
	switch {
	case errors.As(err, &e) && e.Code == eval.CodeUnauthorized:
		return nil, http.StatusUnauthorized, eval.CodeUnauthorized, "Access token required"
	case err != nil:
		s.log.Error("schema endpoint: authentication failed", "error", err.Error())
		return nil, http.StatusInternalServerError, codeInternalError, "An internal error occurred."
	case !admin:
		return nil, http.StatusForbidden, codeForbidden, "Access denied"
	}
	return target, 0, "", ""
}

// schemaVersion is the version the schema endpoints report, and the
// runtime's schema version counter.
func (s *schemaScope) schemaEndpointVersion() (int64, uint64) {
	counter, at, err := s.db.SchemaChange()
	var us int64
	if err == nil && !at.IsZero() {
		us = at.UnixMicro()
	}
	return max(us, s.files.state.StageChange), counter
}

// checkVersion answers 409 when the client's `version` is not the current
// one (unless force=true).
func (s *Server) checkVersion(w *recorder, r *http.Request, cur int64) bool {
	q := r.URL.Query()
	v := q.Get("version")
	if v == "" || q.Get("force") == "true" {
		return true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		schemaError(w, http.StatusBadRequest, eval.CodeInvalidRequest, "Invalid version '"+v+"'")
		return false
	}
	if n != cur {
		schemaError(w, http.StatusConflict, codeConflict, "Stale schema version provided")
		return false
	}
	return true
}

// activeFiles returns the files of the active schema: those of the last
// push while the database still has that schema, else the database's
// schema rendered as main.fsl.
func (s *schemaScope) activeFiles(counter uint64) (map[string]string, error) {
	st := &s.files.state
	if st.Active != nil && st.Counter == counter {
		return st.Active, nil
	}
	text, err := s.db.SchemaFSL()
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) == "" {
		return map[string]string{}, nil
	}
	return map[string]string{schema.GeneratedFile: text}, nil
}

func staged(r *http.Request) bool { return r.URL.Query().Get("staged") == "true" }

func (s *schemaScope) schemaList(w *recorder, r *http.Request) {
	cur, counter := s.schemaEndpointVersion()
	if !s.checkVersion(w, r, cur) {
		return
	}
	files, err := s.filesFor(staged(r), counter)
	if err != nil {
		s.schemaInternal(w, err)
		return
	}
	type entry struct {
		Filename string `json:"filename"`
	}
	list := []entry{}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		list = append(list, entry{name})
	}
	schemaOK(w, struct {
		Version int64   `json:"version"`
		Files   []entry `json:"files"`
	}{cur, list})
}

// filesFor returns the staged files when asked for and there are some,
// else the active ones.
func (s *schemaScope) filesFor(staged bool, counter uint64) (map[string]string, error) {
	if staged && s.files.state.Staged != nil {
		return s.files.state.Staged, nil
	}
	return s.activeFiles(counter)
}

func (s *schemaScope) schemaFile(w *recorder, r *http.Request) {
	cur, counter := s.schemaEndpointVersion()
	if !s.checkVersion(w, r, cur) {
		return
	}
	name, err := url.PathUnescape(strings.TrimPrefix(r.URL.EscapedPath(), "/schema/1/files/"))
	if err != nil {
		schemaError(w, http.StatusBadRequest, eval.CodeInvalidRequest, "Invalid file name")
		return
	}
	files, err := s.filesFor(staged(r), counter)
	if err != nil {
		s.schemaInternal(w, err)
		return
	}
	content, ok := files[name]
	if !ok {
		schemaError(w, http.StatusNotFound, codeNotFound, "Not found")
		return
	}
	schemaOK(w, struct {
		Version int64  `json:"version"`
		Content string `json:"content"`
	}{cur, content})
}

// readUpload reads a multipart upload: one part per FSL file, the file's
// name in the part's form name (fauna-shell sends `filename="blob"`).
func (s *Server) readUpload(w *recorder, r *http.Request) (map[string]string, bool) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		schemaError(w, http.StatusBadRequest, eval.CodeInvalidRequest, "Request is not a valid multipart request")
		return nil, false
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	mr, err := r.MultipartReader()
	if err != nil {
		schemaError(w, http.StatusBadRequest, eval.CodeInvalidRequest, "Request is not a valid multipart request")
		return nil, false
	}
	files := map[string]string{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				schemaError(w, http.StatusRequestEntityTooLarge, codeRequestSizeExceeded, "Request entity is too large")
			} else {
				schemaError(w, http.StatusBadRequest, eval.CodeInvalidRequest, "Request is not a valid multipart request")
			}
			return nil, false
		}
		name := part.FormName()
		if name == "" {
			name = part.FileName()
		}
		var buf bytes.Buffer
		_, err = buf.ReadFrom(part)
		part.Close()
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				schemaError(w, http.StatusRequestEntityTooLarge, codeRequestSizeExceeded, "Request entity is too large")
			} else {
				schemaError(w, http.StatusBadRequest, eval.CodeInvalidRequest, "Request is not a valid multipart request")
			}
			return nil, false
		}
		if err := schema.CheckFileName(name); err != nil {
			schemaError(w, http.StatusBadRequest, eval.CodeInvalidRequest, err.Error())
			return nil, false
		}
		if len(files) >= maxSchemaFiles {
			schemaError(w, http.StatusBadRequest, eval.CodeInvalidRequest, "Too many files: the limit is "+strconv.Itoa(maxSchemaFiles))
			return nil, false
		}
		files[name] = buf.String()
	}
	return files, true
}

// pushError answers a push that the schema layer refused: FSL errors
// rendered with file:line:col and carets, or the error of a document the
// push could not write.
func (s *Server) pushError(w *recorder, err error) {
	var errs schema.Errors
	if errors.As(err, &errs) {
		schemaError(w, http.StatusBadRequest, eval.CodeInvalidRequest, errs.Render())
		return
	}
	var e *eval.Error
	if errors.As(err, &e) {
		msg := e.Message
		if sum := e.Summary(); sum != "error: "+e.Message {
			msg = sum
		}
		schemaError(w, http.StatusBadRequest, eval.CodeInvalidRequest, msg)
		return
	}
	s.schemaInternal(w, err)
}

func (s *Server) schemaInternal(w *recorder, err error) {
	s.log.Error("schema endpoint failed", "error", err.Error())
	schemaError(w, http.StatusInternalServerError, codeInternalError, "An internal error occurred.")
}

func (s *schemaScope) schemaUpdate(w *recorder, r *http.Request) {
	cur, _ := s.schemaEndpointVersion()
	if !s.checkVersion(w, r, cur) {
		return
	}
	files, ok := s.readUpload(w, r)
	if !ok {
		return
	}
	if staged(r) {
		if _, err := s.db.PushSchema(r.Context(), files, runtime.PushOptions{DryRun: true}); err != nil {
			s.pushError(w, err)
			return
		}
		s.files.state.Staged = files
		s.markStageChange()
	} else {
		if s.files.state.Staged != nil {
			schemaError(w, http.StatusConflict, codeConflict, "A schema change is staged: commit or abandon it before pushing a schema to the active schema.")
			return
		}
		if err := s.pushActive(r.Context(), files); err != nil {
			s.pushError(w, err)
			return
		}
	}
	s.saveAndAnswer(w)
}

// pushActive makes files the database's schema and remembers them.
func (s *schemaScope) pushActive(ctx context.Context, files map[string]string) error {
	res, err := s.db.PushSchema(ctx, files, runtime.PushOptions{})
	if err != nil {
		return err
	}
	s.files.state.Active = files
	s.files.state.Counter = res.Version
	return nil
}

// markStageChange moves the endpoints' version past the current one.
func (s *schemaScope) markStageChange() {
	cur, _ := s.schemaEndpointVersion()
	s.files.state.StageChange = max(time.Now().UnixMicro(), cur+1)
}

// PushSchema makes files (name → FSL source) the database's active schema,
// as `POST /schema/1/update` does; `fqlite serve --schema DIR` uses it at
// start. Errors are schema.Errors or *eval.Error, as from
// runtime.DB.PushSchema.
func (s *Server) PushSchema(ctx context.Context, files map[string]string) error {
	s.schemaMu.Lock()
	defer s.schemaMu.Unlock()
	sc, err := s.scope(s.db)
	if err != nil {
		return err
	}
	if err := sc.pushActive(ctx, files); err != nil {
		return err
	}
	return sc.files.save()
}

// diffFormat reads `format` (or the legacy `diff`): semantic, summary or
// textual.
func diffFormat(r *http.Request) (f schema.DiffFormat, textual bool) {
	q := r.URL.Query()
	v := q.Get("format")
	if v == "" {
		v = q.Get("diff")
	}
	switch v {
	case "summary":
		return schema.DiffSummary, false
	case "textual":
		return schema.DiffSemantic, true
	}
	return schema.DiffSemantic, false
}

// renderDiff renders the change from files a to files b.
func renderDiff(a, b map[string]string, r *http.Request) (string, error) {
	f, textual := diffFormat(r)
	if textual {
		return schema.RenderTextDiff(a, b), nil
	}
	sa, err := schema.Parse(a)
	if err != nil {
		return "", err
	}
	sb, err := schema.Parse(b)
	if err != nil {
		return "", err
	}
	return schema.RenderDiff(schema.Diff(sa, sb), f), nil
}

func (s *schemaScope) schemaDiff(w *recorder, r *http.Request) {
	cur, counter := s.schemaEndpointVersion()
	if !s.checkVersion(w, r, cur) {
		return
	}
	files, ok := s.readUpload(w, r)
	if !ok {
		return
	}
	if _, err := schema.Parse(files); err != nil {
		s.pushError(w, err)
		return
	}
	base, err := s.filesFor(staged(r), counter)
	if err != nil {
		s.schemaInternal(w, err)
		return
	}
	if r.URL.Query().Get("override") == "false" {
		// A partial upload: the files not sent stay as they are.
		merged := maps.Clone(base)
		maps.Copy(merged, files)
		files = merged
	}
	text, err := renderDiff(base, files, r)
	if err != nil {
		s.pushError(w, err)
		return
	}
	schemaOK(w, struct {
		Version int64  `json:"version"`
		Diff    string `json:"diff"`
	}{cur, text})
}

func (s *schemaScope) schemaStatus(w *recorder, r *http.Request) {
	cur, counter := s.schemaEndpointVersion()
	status := "none"
	if s.files.state.Staged != nil {
		// Indexes build synchronously: a staged schema is ready at once.
		status = "ready"
	}
	if r.URL.Query().Get("format") == "" && r.URL.Query().Get("diff") == "" {
		schemaOK(w, struct {
			Version int64  `json:"version"`
			Status  string `json:"status"`
		}{cur, status})
		return
	}
	var text string
	if s.files.state.Staged != nil {
		active, err := s.activeFiles(counter)
		if err != nil {
			s.schemaInternal(w, err)
			return
		}
		if text, err = renderDiff(active, s.files.state.Staged, r); err != nil {
			s.pushError(w, err)
			return
		}
	}
	schemaOK(w, struct {
		Version        int64  `json:"version"`
		Status         string `json:"status"`
		PendingSummary string `json:"pending_summary"`
		Diff           string `json:"diff"`
	}{cur, status, "", text})
}

func (s *schemaScope) schemaCommit(w *recorder, r *http.Request)  { s.endStage(w, r, true) }
func (s *schemaScope) schemaAbandon(w *recorder, r *http.Request) { s.endStage(w, r, false) }

// endStage commits the staged schema (pushes it as the active one) or
// abandons it.
func (s *schemaScope) endStage(w *recorder, r *http.Request, commit bool) {
	cur, _ := s.schemaEndpointVersion()
	if !s.checkVersion(w, r, cur) {
		return
	}
	files := s.files.state.Staged
	if files == nil {
		what := "abandon"
		if commit {
			what = "commit"
		}
		schemaError(w, http.StatusBadRequest, eval.CodeInvalidRequest, "There is no staged schema to "+what)
		return
	}
	if commit {
		if err := s.pushActive(r.Context(), files); err != nil {
			s.pushError(w, err)
			return
		}
	}
	s.files.state.Staged = nil
	s.markStageChange()
	s.saveAndAnswer(w)
}

// saveAndAnswer saves the schema files' state and answers with the new
// version.
func (s *schemaScope) saveAndAnswer(w *recorder) {
	if err := s.files.save(); err != nil {
		s.schemaInternal(w, err)
		return
	}
	v, _ := s.schemaEndpointVersion()
	schemaOK(w, struct {
		Version int64 `json:"version"`
	}{v})
}

// schemaOK writes a 200 JSON body.
func schemaOK(w http.ResponseWriter, body any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(body); err != nil {
		schemaError(w, http.StatusInternalServerError, codeInternalError, "An internal error occurred.")
		return
	}
	writeBody(w, http.StatusOK, bytes.TrimRight(buf.Bytes(), "\n"))
}
