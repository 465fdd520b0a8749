package main

import (
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	oteltrace "go.opentelemetry.io/otel/trace"
)

// TestOneTraceFromGatewayToConsumer checks that a REST call, the gRPC call
// it becomes, the event it writes and the consumers that apply it share one
// trace.
func TestOneTraceFromGatewayToConsumer(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	rec := tracetest.NewSpanRecorder()
	in := startInProcess(t, rec)
	logs, base := in.logs, "http://"+in.http
	c := signInWithPassword(t, client{t: t, base: base}, bootstrapEmail, bootstrapPassword)
	s := walkSlice(t, c, logs, "traced")

	// Find the trace of the launch request and wait for both consumers of
	// campaign.launched to show up in it.
	launchPath := "/v1/" + s.campaign + ":launch"
	var spans []trace.ReadOnlySpan
	var traceID oteltrace.TraceID
	deadline := time.Now().Add(10 * time.Second)
	for {
		spans = rec.Ended()
		for _, sp := range spans {
			if sp.Name() == "POST "+launchPath {
				traceID = sp.SpanContext().TraceID()
				break // the first launch is the one that wrote the event
			}
		}
		kinds := map[string]bool{}
		for _, sp := range spans {
			if sp.SpanContext().TraceID() != traceID || !traceID.IsValid() {
				continue
			}
			switch {
			case sp.Name() == "assure.submission.v1.SubmissionService/LaunchCampaign" && sp.SpanKind() == oteltrace.SpanKindServer:
				kinds["grpc server"] = true
			case strings.HasPrefix(sp.Name(), "publish ") && strings.HasSuffix(sp.Name(), ".submission.campaign.launched"):
				kinds["publish"] = true
			case strings.HasPrefix(sp.Name(), "consume ") && strings.HasSuffix(sp.Name(), ".submission.campaign.launched"):
				for _, a := range sp.Attributes() {
					if a.Key == "messaging.consumer" {
						kinds["consumer "+a.Value.AsString()] = true
					}
				}
			}
		}
		if kinds["grpc server"] && kinds["publish"] && kinds["consumer reporting"] && kinds["consumer reminder"] {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("trace %s of %s has only %v", traceID, launchPath, kinds)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
