package gateway

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/logging"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// fakeSubmission records the evidence calls it gets and answers with what
// the test set.
type fakeSubmission struct {
	submissionv1.UnimplementedSubmissionServiceServer
	mu      sync.Mutex
	upload  *submissionv1.UploadEvidenceRequest
	get     *submissionv1.GetEvidenceContentRequest
	listed  bool
	auth    []string
	err     error
	content *submissionv1.EvidenceContent
}

func (f *fakeSubmission) record(ctx context.Context) error {
	md, _ := metadata.FromIncomingContext(ctx)
	f.auth = md.Get("authorization")
	return f.err
}

func (f *fakeSubmission) UploadEvidence(ctx context.Context, req *submissionv1.UploadEvidenceRequest) (*submissionv1.Evidence, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.upload = req
	if err := f.record(ctx); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(req.GetContent())
	return &submissionv1.Evidence{
		Name: req.GetParent() + "/evidence/e1", FileName: req.GetFileName(), ContentType: req.GetContentType(),
		SizeBytes: int64(len(req.GetContent())), Sha256: hex.EncodeToString(sum[:]), UploadPerson: "people/ann",
	}, nil
}

func (f *fakeSubmission) GetEvidenceContent(ctx context.Context, req *submissionv1.GetEvidenceContentRequest) (*submissionv1.EvidenceContent, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.get = req
	if err := f.record(ctx); err != nil {
		return nil, err
	}
	return f.content, nil
}

func (f *fakeSubmission) ListEvidence(ctx context.Context, _ *submissionv1.ListEvidenceRequest) (*submissionv1.ListEvidenceResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.listed = true
	return &submissionv1.ListEvidenceResponse{}, f.record(ctx)
}

// serve starts the fake on an in-memory gRPC server that accepts messages
// as large as the submission service must, and returns the gateway in
// front of it.
func serve(t *testing.T, cfg Config) (*fakeSubmission, http.Handler) {
	t.Helper()
	fake := &fakeSubmission{}
	lis := bufconn.Listen(1 << 20)
	srv := grpc.NewServer(grpc.MaxRecvMsgSize(DefaultMaxEvidenceBytes + MessageAllowance))
	submissionv1.RegisterSubmissionServiceServer(srv, fake)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	cc, err := grpc.NewClient("passthrough:///bufnet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	h, err := New(context.Background(), cfg, Backends{Directory: cc, Template: cc, Submission: cc, Reminder: cc, Reporting: cc, CaseAudit: cc},
		Deps{Logger: logging.Discard()})
	if err != nil {
		t.Fatal(err)
	}
	return fake, h
}

const submissionPath = "/v1/partnerships/p1/campaigns/c1/submissions/s1"

type part struct {
	form, file, contentType string
	content                 []byte
}

// multipartBody encodes parts as multipart/form-data.
func multipartBody(t testing.TB, parts ...part) (string, []byte) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		disp := `form-data; name="` + p.form + `"`
		if p.file != "" {
			disp += `; filename="` + p.file + `"`
		}
		h.Set("Content-Disposition", disp)
		if p.contentType != "" {
			h.Set("Content-Type", p.contentType)
		}
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(p.content)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), buf.Bytes()
}

func do(h http.Handler, method, path, contentType string, body []byte, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// violation reads the field of a google.rpc.Status answer's field violation.
func violation(t *testing.T, body []byte) string {
	t.Helper()
	var st spb.Status
	if err := protojson.Unmarshal(body, &st); err != nil {
		t.Fatalf("answer is not a google.rpc.Status: %v: %s", err, body)
	}
	for _, d := range st.GetDetails() {
		var br errdetails.BadRequest
		if d.UnmarshalTo(&br) == nil && len(br.GetFieldViolations()) > 0 {
			if br.GetFieldViolations()[0].GetDescription() == "" {
				t.Errorf("violation without a reason: %s", body)
			}
			return br.GetFieldViolations()[0].GetField()
		}
	}
	t.Fatalf("no field violation in %s", body)
	return ""
}

func TestUploadEvidence(t *testing.T) {
	fake, h := serve(t, Config{})
	// The largest file accepted: far over the general body limit and
	// gRPC's default message size.
	content := make([]byte, DefaultMaxEvidenceBytes)
	if _, err := rand.Read(content); err != nil {
		t.Fatal(err)
	}
	ct, body := multipartBody(t,
		part{form: "note", content: []byte("ignored")},
		part{form: "file", file: "Minutes 3 March.pdf", contentType: "application/pdf", content: content})
	rec := do(h, "POST", submissionPath+"/evidence", ct, body, "Authorization", "Bearer tok-ann")
	if rec.Code != http.StatusOK {
		t.Fatalf("got %d %s", rec.Code, rec.Body)
	}
	want := &submissionv1.UploadEvidenceRequest{Parent: "partnerships/p1/campaigns/c1/submissions/s1",
		FileName: "Minutes 3 March.pdf", ContentType: "application/pdf", Content: content}
	if !proto.Equal(fake.upload, want) {
		t.Fatalf("backend got parent %q name %q type %q and %d bytes", fake.upload.GetParent(),
			fake.upload.GetFileName(), fake.upload.GetContentType(), len(fake.upload.GetContent()))
	}
	if len(fake.auth) != 1 || fake.auth[0] != "Bearer tok-ann" {
		t.Fatalf("authorization metadata %q", fake.auth)
	}
	var ev submissionv1.Evidence
	if err := protojson.Unmarshal(rec.Body.Bytes(), &ev); err != nil {
		t.Fatalf("answer %s: %v", rec.Body, err)
	}
	if ev.GetName() != want.GetParent()+"/evidence/e1" || ev.GetSizeBytes() != DefaultMaxEvidenceBytes || !strings.Contains(rec.Body.String(), `"fileName"`) {
		t.Fatalf("answer %s", rec.Body)
	}
	// One byte more is refused.
	ct, body = multipartBody(t, part{form: "file", file: "big.bin", content: append(content, 0)})
	if rec := do(h, "POST", submissionPath+"/evidence", ct, body); rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("over the limit: %d %s", rec.Code, rec.Body)
	}
	// Listing, a generated route on the same path, still works.
	if rec := do(h, "GET", submissionPath+"/evidence", "", nil); rec.Code != http.StatusOK || !fake.listed {
		t.Fatalf("list: %d %s", rec.Code, rec.Body)
	}
}

func TestUploadEvidenceRefused(t *testing.T) {
	fake, h := serve(t, Config{MaxEvidenceBytes: 1000})
	file := func(n int) part {
		return part{form: "file", file: "a.txt", contentType: "text/plain", content: bytes.Repeat([]byte("x"), n)}
	}
	tests := []struct {
		name      string
		parts     []part
		raw       string // a non-multipart body
		code      int
		field     string
		overstate bool // declare a Content-Length over the limit
	}{
		{name: "too large", parts: []part{file(1001)}, code: 413, field: "file"},
		{name: "declared too large", parts: []part{file(10)}, overstate: true, code: 413, field: "file"},
		{name: "missing", parts: []part{{form: "other", content: []byte("x")}}, code: 400, field: "file"},
		{name: "two files", parts: []part{file(10), file(10)}, code: 400, field: "file"},
		{name: "no filename", parts: []part{{form: "file", content: []byte("x")}}, code: 400, field: "file"},
		{name: "empty", parts: []part{file(0)}, code: 400, field: "file"},
		{name: "bad type", parts: []part{{form: "file", file: "a", contentType: "/;;", content: []byte("x")}}, code: 400, field: "file"},
		{name: "not multipart", raw: `{"file":"x"}`, code: 400, field: "body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake.upload = nil
			ct, body := "application/json", []byte(tt.raw)
			if tt.parts != nil {
				ct, body = multipartBody(t, tt.parts...)
			}
			req := httptest.NewRequest("POST", submissionPath+"/evidence", bytes.NewReader(body))
			req.Header.Set("Content-Type", ct)
			if tt.overstate {
				req.ContentLength = 1 << 30
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.code {
				t.Fatalf("got %d %s, want %d", rec.Code, rec.Body, tt.code)
			}
			if got := violation(t, rec.Body.Bytes()); got != tt.field {
				t.Fatalf("field %q, want %q: %s", got, tt.field, rec.Body)
			}
			if fake.upload != nil {
				t.Fatal("refused upload reached the backend")
			}
		})
	}
}

func TestEvidenceBackendErrors(t *testing.T) {
	fake, h := serve(t, Config{})
	bad, _ := status.New(codes.InvalidArgument, "content_type: not accepted").WithDetails(&errdetails.BadRequest{
		FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: "content_type", Description: "not accepted"}}})
	ct, body := multipartBody(t, part{form: "file", file: "a.exe", contentType: "application/x-msdownload", content: []byte("MZ")})
	for _, tt := range []struct {
		err  error
		code int
	}{
		{bad.Err(), 400},
		{status.Error(codes.PermissionDenied, "no"), 403},
		{status.Error(codes.NotFound, "no such submission"), 404},
		{status.Error(codes.AlreadyExists, "exists"), 409},
	} {
		fake.err = tt.err
		if rec := do(h, "POST", submissionPath+"/evidence", ct, body); rec.Code != tt.code || !strings.Contains(rec.Body.String(), `"code"`) {
			t.Errorf("upload with %v: got %d %s, want %d", tt.err, rec.Code, rec.Body, tt.code)
		}
		if rec := do(h, "GET", submissionPath+"/evidence/e1:download", "", nil); rec.Code != tt.code || !strings.Contains(rec.Body.String(), `"code"`) {
			t.Errorf("download with %v: got %d %s, want %d", tt.err, rec.Code, rec.Body, tt.code)
		}
	}
	fake.err = bad.Err()
	if rec := do(h, "POST", submissionPath+"/evidence", ct, body); violation(t, rec.Body.Bytes()) != "content_type" {
		t.Errorf("backend's field violation lost: %s", rec.Body)
	}
}

func TestDownloadEvidence(t *testing.T) {
	fake, h := serve(t, Config{})
	content := []byte("%PDF-1.7\x00\x01 binary\x00")
	sum := sha256.Sum256(content)
	fake.content = &submissionv1.EvidenceContent{
		Evidence: &submissionv1.Evidence{Name: "partnerships/p1/campaigns/c1/submissions/s1/evidence/e1",
			FileName: `Réunion "notes"; v2.pdf`, ContentType: "application/pdf", SizeBytes: int64(len(content)),
			Sha256: hex.EncodeToString(sum[:]), UploadTime: timestamppb.New(time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC))},
		Content: content,
	}
	rec := do(h, "GET", submissionPath+"/evidence/e1:download", "", nil, "Authorization", "Bearer tok-bob")
	if rec.Code != http.StatusOK {
		t.Fatalf("got %d %s", rec.Code, rec.Body)
	}
	if fake.get.GetName() != "partnerships/p1/campaigns/c1/submissions/s1/evidence/e1" {
		t.Fatalf("backend asked for %q", fake.get.GetName())
	}
	if len(fake.auth) != 1 || fake.auth[0] != "Bearer tok-bob" {
		t.Fatalf("authorization metadata %q", fake.auth)
	}
	etag := `"` + hex.EncodeToString(sum[:]) + `"`
	for k, want := range map[string]string{
		"Content-Type":           "application/pdf",
		"Content-Disposition":    `attachment; filename*=UTF-8''R%C3%A9union%20%22notes%22%3B%20v2.pdf`,
		"X-Content-Type-Options": "nosniff",
		"ETag":                   etag,
		"Content-Length":         strconv.Itoa(len(content)),
	} {
		if got := rec.Header().Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if !bytes.Equal(rec.Body.Bytes(), content) {
		t.Fatalf("body %q", rec.Body)
	}
	if rec := do(h, "GET", submissionPath+"/evidence/e1:download", "", nil, "If-None-Match", etag); rec.Code != http.StatusNotModified {
		t.Fatalf("conditional download: %d", rec.Code)
	}
	// Other paths under the evidence go on to the generated routes.
	if rec := do(h, "GET", submissionPath+"/evidence/e1", "", nil); rec.Code != http.StatusNotFound || statusCode(rec.Body.Bytes()) != codes.NotFound {
		t.Fatalf("plain evidence path: %d %s", rec.Code, rec.Body)
	}
}

// statusCode reads the code of a google.rpc.Status answer.
func statusCode(body []byte) codes.Code {
	var st spb.Status
	if protojson.Unmarshal(body, &st) != nil {
		return codes.Unknown
	}
	return codes.Code(st.GetCode())
}

func TestAttachment(t *testing.T) {
	for name, want := range map[string]string{
		"plain.txt":   "attachment; filename*=UTF-8''plain.txt",
		"":            "attachment; filename*=UTF-8''evidence",
		"a\r\nb":      "attachment; filename*=UTF-8''a%0D%0Ab",
		"\xff.bin":    "attachment; filename*=UTF-8''%EF%BF%BD.bin",
		"x=1@y:z,(w)": "attachment; filename*=UTF-8''x%3D1%40y%3Az%2C%28w%29",
	} {
		if got := attachment(name); got != want {
			t.Errorf("%q: %q, want %q", name, got, want)
		}
	}
}

// okClient answers every evidence call at once, for the fuzz test.
type okClient struct{}

func (okClient) UploadEvidence(context.Context, *submissionv1.UploadEvidenceRequest, ...grpc.CallOption) (*submissionv1.Evidence, error) {
	return &submissionv1.Evidence{Name: "x"}, nil
}

func (okClient) GetEvidenceContent(context.Context, *submissionv1.GetEvidenceContentRequest, ...grpc.CallOption) (*submissionv1.EvidenceContent, error) {
	return &submissionv1.EvidenceContent{}, nil
}

// FuzzUploadEvidence sends random bodies to the upload route: the answer
// is never a server error, and an accepted upload is never over the limit.
func FuzzUploadEvidence(f *testing.F) {
	ct, body := multipartBody(f, part{form: "file", file: "a.pdf", contentType: "application/pdf", content: []byte("%PDF")})
	f.Add(ct, body)
	ct2, body2 := multipartBody(f, part{form: "file", file: "a", content: []byte("1")}, part{form: "file", file: "b", content: []byte("2")})
	f.Add(ct2, body2)
	f.Add("multipart/form-data; boundary=x", []byte("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nabc\r\n--x--\r\n"))
	f.Add("multipart/form-data", []byte("--x--"))
	f.Add("text/plain", []byte("hello"))
	const limit = 64
	e := &evidence{mux: newServeMux(logging.Discard()), client: okClient{}, maxFile: limit}
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		req := httptest.NewRequest("POST", submissionPath+"/evidence", bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		e.upload(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
		if rec.Code != http.StatusOK {
			return
		}
		// Accepted: exactly one file within the limit was found.
		mr := multipart.NewReader(bytes.NewReader(body), boundary(contentType))
		n := 0
		for p, err := mr.NextPart(); err == nil; p, err = mr.NextPart() {
			if p.FormName() == "file" {
				b, _ := io.ReadAll(p)
				if len(b) > limit {
					t.Fatalf("accepted a file of %d bytes", len(b))
				}
				n++
			}
		}
		if n != 1 {
			t.Fatalf("accepted an upload with %d files", n)
		}
	})
}

func boundary(contentType string) string {
	_, params, _ := mime.ParseMediaType(contentType)
	return params["boundary"]
}
