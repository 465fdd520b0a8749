package gateway

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"

	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
)

// DefaultMaxEvidenceBytes is the default bound on an evidence file: 20 MiB,
// the most the submission service accepts.
const DefaultMaxEvidenceBytes = 20 << 20

// MessageAllowance is what a gRPC message carrying an evidence file holds
// besides the file: names, media type and framing. A service receiving
// uploads needs a maximum receive size of at least MaxEvidenceBytes plus
// this.
const MessageAllowance = 1 << 20

const (
	// evidenceCollection is a submission's evidence, as a ServeMux pattern.
	evidenceCollection = "/v1/partnerships/{p}/campaigns/{c}/submissions/{s}/evidence"
	// multipartAllowance is what a multipart body may hold besides the
	// file: boundaries, part headers and small form fields.
	multipartAllowance = 64 << 10
	// The patterns in the style of the generated routes, for the context
	// annotations (traces, metrics) of the calls.
	uploadPattern   = "/v1/{parent=partnerships/*/campaigns/*/submissions/*}/evidence"
	downloadPattern = "/v1/{name=partnerships/*/campaigns/*/submissions/*/evidence/*}:download"
)

// evidenceClient is the part of the submission service the evidence
// routes call.
type evidenceClient interface {
	UploadEvidence(ctx context.Context, in *submissionv1.UploadEvidenceRequest, opts ...grpc.CallOption) (*submissionv1.Evidence, error)
	GetEvidenceContent(ctx context.Context, in *submissionv1.GetEvidenceContentRequest, opts ...grpc.CallOption) (*submissionv1.EvidenceContent, error)
}

// evidence serves the two evidence routes the generated ones cannot: a
// multipart upload and a download of the raw file. Calls go to the
// backend as from a generated route: same metadata (the caller's bearer
// token, forwarded addresses), same answers, same error handling.
type evidence struct {
	mux     *runtime.ServeMux
	client  evidenceClient
	maxFile int64
}

// upload answers POST {submission}/evidence with the stored Evidence.
func (e *evidence) upload(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	_, out := runtime.MarshalerForRequest(e.mux, r)
	f, refused := readUpload(w, r, e.maxFile)
	if refused != nil {
		writeStatus(w, out, refused.code, fieldViolation(refused.field, refused.reason))
		return
	}
	ctx, md, opts, err := e.annotate(ctx, r, submissionv1.SubmissionService_UploadEvidence_FullMethodName, uploadPattern)
	if err != nil {
		runtime.HTTPError(r.Context(), e.mux, out, w, r, err)
		return
	}
	resp, err := e.client.UploadEvidence(ctx, &submissionv1.UploadEvidenceRequest{
		Parent: submissionName(r), FileName: f.name, ContentType: f.contentType, Content: f.content,
	}, opts...)
	ctx = runtime.NewServerMetadataContext(ctx, *md)
	if err != nil {
		runtime.HTTPError(ctx, e.mux, out, w, r, err)
		return
	}
	runtime.ForwardResponseMessage(ctx, e.mux, out, w, r, resp, e.mux.GetForwardResponseOptions()...)
}

// download answers GET {evidence}:download with the file itself; other
// paths under the evidence collection go on to next.
func (e *evidence) download(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ok := strings.CutSuffix(r.PathValue("id"), ":download")
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithCancel(r.Context())
		defer cancel()
		_, out := runtime.MarshalerForRequest(e.mux, r)
		ctx, md, opts, err := e.annotate(ctx, r, submissionv1.SubmissionService_GetEvidenceContent_FullMethodName, downloadPattern)
		if err != nil {
			runtime.HTTPError(r.Context(), e.mux, out, w, r, err)
			return
		}
		resp, err := e.client.GetEvidenceContent(ctx, &submissionv1.GetEvidenceContentRequest{
			Name: submissionName(r) + "/evidence/" + id,
		}, opts...)
		ctx = runtime.NewServerMetadataContext(ctx, *md)
		if err != nil {
			runtime.HTTPError(ctx, e.mux, out, w, r, err)
			return
		}
		writeFile(w, r, resp)
	})
}

// annotate prepares a backend call as the generated routes do: the mux
// turns the request's headers (the bearer token among them) into outgoing
// metadata, and the call options collect the response's metadata and let
// messages of an evidence file's size through.
func (e *evidence) annotate(ctx context.Context, r *http.Request, method, pattern string) (context.Context, *runtime.ServerMetadata, []grpc.CallOption, error) {
	ctx, err := runtime.AnnotateContext(ctx, e.mux, r, method, runtime.WithHTTPPathPattern(pattern))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("annotate %s: %w", method, err)
	}
	limit := int(e.maxFile + MessageAllowance)
	md := &runtime.ServerMetadata{}
	return ctx, md, []grpc.CallOption{
		grpc.Header(&md.HeaderMD), grpc.Trailer(&md.TrailerMD),
		// Files stored under an earlier, larger limit stay readable.
		grpc.MaxCallSendMsgSize(limit), grpc.MaxCallRecvMsgSize(max(limit, 64<<20)),
	}, nil
}

// submissionName is the submission named by the request's path.
func submissionName(r *http.Request) string {
	return "partnerships/" + r.PathValue("p") + "/campaigns/" + r.PathValue("c") + "/submissions/" + r.PathValue("s")
}

// writeFile writes an evidence file as a download. It is sent as an
// attachment of its declared type that browsers must neither sniff nor
// render in the page, nor keep in a cache: evidence is case data.
func writeFile(w http.ResponseWriter, r *http.Request, c *submissionv1.EvidenceContent) {
	ev := c.GetEvidence()
	h := w.Header()
	h.Set("Content-Type", mediaType(ev.GetContentType()))
	h.Set("Content-Disposition", attachment(ev.GetFileName()))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	if sum := ev.GetSha256(); sum != "" && strings.Trim(sum, "0123456789abcdefABCDEF") == "" {
		h.Set("ETag", `"`+sum+`"`)
	}
	var modified time.Time
	if t := ev.GetUploadTime(); t != nil {
		modified = t.AsTime()
	}
	// ServeContent sets Content-Length and answers conditional and range
	// requests against the ETag.
	http.ServeContent(w, r, "", modified, bytes.NewReader(c.GetContent()))
}

// mediaType returns a well-formed media type, or the generic binary one.
func mediaType(s string) string {
	if mt, params, err := mime.ParseMediaType(s); err == nil {
		if f := mime.FormatMediaType(mt, params); f != "" {
			return f
		}
	}
	return "application/octet-stream"
}

// attachment is a Content-Disposition naming the file in the RFC 8187
// encoding, which carries any name safely.
func attachment(name string) string {
	if name == "" {
		name = "evidence"
	}
	name = strings.ToValidUTF8(name, "\uFFFD")
	var b strings.Builder
	b.WriteString("attachment; filename*=UTF-8''")
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// uploadFile is the file part of an upload.
type uploadFile struct {
	name, contentType string
	content           []byte
}

// refusal is an upload turned away before the backend is called: the
// HTTP status and the field violation to answer with.
type refusal struct {
	code          int
	field, reason string
}

// readUpload reads the one part named "file" of a multipart/form-data
// body, refusing bodies that are not multipart, lack the file, hold it
// twice or hold one larger than limit bytes. Other parts are skipped.
func readUpload(w http.ResponseWriter, r *http.Request, limit int64) (*uploadFile, *refusal) {
	big := &refusal{http.StatusRequestEntityTooLarge, "file", fmt.Sprintf("is larger than %d bytes, the most a file may be", limit)}
	if r.ContentLength > limit+multipartAllowance {
		return nil, big
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit+multipartAllowance)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, &refusal{http.StatusBadRequest, "body", "must be multipart/form-data with one part named file (" + err.Error() + ")"}
	}
	var f *uploadFile
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, readRefusal(err, big)
		}
		if p.FormName() != "file" {
			if _, err := io.Copy(io.Discard, p); err != nil {
				return nil, readRefusal(err, big)
			}
			continue
		}
		if f != nil {
			return nil, &refusal{http.StatusBadRequest, "file", "must be sent once: the upload holds more than one file"}
		}
		var bad *refusal
		if f, bad = readFilePart(p, limit, big); bad != nil {
			return nil, bad
		}
	}
	if f == nil {
		return nil, &refusal{http.StatusBadRequest, "file", "is missing: send the file as the multipart part named file"}
	}
	return f, nil
}

// readFilePart reads the file part: its name, media type and content.
func readFilePart(p *multipart.Part, limit int64, big *refusal) (*uploadFile, *refusal) {
	name := p.FileName()
	if name == "" {
		return nil, &refusal{http.StatusBadRequest, "file", "must be a file: the part has no filename"}
	}
	contentType := "application/octet-stream"
	if ct := p.Header.Get("Content-Type"); ct != "" {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil {
			return nil, &refusal{http.StatusBadRequest, "file", "has a malformed Content-Type: " + err.Error()}
		}
		contentType = mime.FormatMediaType(mt, params)
		if contentType == "" {
			contentType = mt
		}
	}
	content, err := io.ReadAll(io.LimitReader(p, limit+1))
	switch {
	case err != nil:
		return nil, readRefusal(err, big)
	case int64(len(content)) > limit:
		return nil, big
	case len(content) == 0:
		return nil, &refusal{http.StatusBadRequest, "file", "is empty"}
	}
	return &uploadFile{name: name, contentType: contentType, content: content}, nil
}

// readRefusal answers an error reading the body: too large, or not
// well-formed multipart.
func readRefusal(err error, big *refusal) *refusal {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || strings.Contains(err.Error(), tooLarge) {
		return big
	}
	return &refusal{http.StatusBadRequest, "body", "is not well-formed multipart: " + err.Error()}
}
