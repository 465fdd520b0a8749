package main

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/testinfra"
)

// TestReminderReplicas chases a campaign's 200 outstanding organisations
// with two replicas of the reminder service on PostgreSQL and Redis, each
// killed (SIGKILL) and restarted in the middle of the run, against a real
// SMTP server: every organisation's lead gets their reminder, none gets two
// different messages, and a message cut off by a kill is sent again under
// the same Message-ID (by which mail systems recognise a copy).
func TestReminderReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	const orgs = 200
	sink := testinfra.StartSMTPSink(t)
	host, port := sink.HostPort()
	env := sharedInfraEnv(t, testinfra.Postgres(t), "")
	reminderArgs := []string{"-smtp-host", host, "-smtp-port", strconv.Itoa(port), "-smtp-security", "none",
		"-reminder-tick", "200ms", "-reminder-send-hold", "3s"}
	sp := startSeparate(t, env, map[string][]string{"*": {"-rate-per-person", "0"}, Reminder: reminderArgs,
		"gateway": {"-rate-per-address", "0", "-rate-per-token", "0"}})
	replicaArgs := func() []string {
		return append([]string{"-target", Reminder, "-directory-addr", sp.services[Directory].grpc, "-rate-per-person", "0"}, reminderArgs...)
	}
	replicas := []*proc{sp.services[Reminder], startProc(t, "reminder-2", env, replicaArgs()...)}
	replicas[1].waitReady(t)

	admin := signInWithPassword(t, client{t: t, base: "http://" + sp.gateway.http}, bootstrapEmail, bootstrapPassword)
	admin.ok("POST", "/v1/partnerships?partnershipId=chase", map[string]any{"displayName": "Chase", "hub": "hubs/default"})
	var orgCSV, peopleCSV strings.Builder
	orgCSV.WriteString("display_name,type,external_ref\n")
	peopleCSV.WriteString("email,display_name,role,organisation\n")
	for i := 0; i < orgs; i++ {
		fmt.Fprintf(&orgCSV, "School %d,school,s%d\n", i, i)
		fmt.Fprintf(&peopleCSV, "lead%d@schools.example,Lead %d,organisation lead,s%d\n", i, i, i)
	}
	admin.ok("POST", "/v1/partnerships/chase/organisations:import", map[string]any{"csv": base64.StdEncoding.EncodeToString([]byte(orgCSV.String()))})
	admin.ok("POST", "/v1/partnerships/chase/people:import", map[string]any{"csv": base64.StdEncoding.EncodeToString([]byte(peopleCSV.String()))})
	admin.ok("POST", "/v1/partnerships/chase/templates?templateId=audit", generatedTemplate(4))
	version := admin.ok("POST", "/v1/partnerships/chase/templates/audit:publish", map[string]any{})["name"].(string)
	// The campaign opens tomorrow, so its schedule sends nothing today:
	// only the chase does.
	campaign := admin.ok("POST", "/v1/partnerships/chase/campaigns?campaignId=s175", map[string]any{"displayName": "Section 175 audit",
		"templateVersion": version, "audienceTypes": []string{"school"}, "openTime": time.Now().AddDate(0, 0, 1).UTC().Format(time.RFC3339),
		"dueTime": time.Now().AddDate(0, 2, 0).UTC().Format(time.RFC3339)})["name"].(string)
	admin.ok("POST", "/v1/"+campaign+":launch", map[string]any{})

	// Wait until the reminder service knows every organisation's lead: the
	// preview names a recipient for every submission.
	deadline := time.Now().Add(60 * time.Second)
	for {
		p := admin.do("GET", "/v1/"+campaign+"/reminderPreview?pageSize=1000&untilTime="+time.Now().AddDate(0, 3, 0).UTC().Format(time.RFC3339), nil)
		withRecipients := map[string]bool{}
		for _, r := range asList(p.body["reminders"]) {
			m := r.(map[string]any)
			if len(asList(m["recipients"])) > 0 {
				withRecipients[m["submission"].(string)] = true
			}
		}
		if len(withRecipients) == orgs {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the reminder service knows the leads of %d of %d organisations", len(withRecipients), orgs)
		}
		time.Sleep(200 * time.Millisecond)
	}

	queued := admin.ok("POST", "/v1/"+campaign+":chase", map[string]any{"requestId": "chase-everyone"})
	if num(queued["queued"]) != orgs {
		t.Fatalf("queued %v, want %d", queued["queued"], orgs)
	}
	distinct := func() map[string]int {
		out := map[string]int{}
		for _, m := range sink.Mails() {
			out[m.MessageID]++
		}
		return out
	}
	waitFor := func(n int) {
		deadline := time.Now().Add(90 * time.Second)
		for len(distinct()) < n {
			if time.Now().After(deadline) {
				t.Fatalf("only %d of %d messages arrived", len(distinct()), n)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	// Kill each replica in turn in the middle of the run, and restart it:
	// whichever held the scheduler's lease was killed mid-send once.
	for i, at := range []int{orgs / 5, orgs * 3 / 5} {
		waitFor(at)
		old := replicas[i]
		if err := old.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		<-old.exited
		t.Logf("replica %d killed after %d messages", i+1, len(distinct()))
		// Back on the same address, where the gateway dials it.
		replicas[i] = startProc(t, fmt.Sprintf("reminder-%d-restarted", i+1), env, append(replicaArgs(), "-grpc-addr", old.grpc)...)
		replicas[i].waitReady(t)
	}
	waitFor(orgs)
	time.Sleep(time.Second) // anything still to come would be a duplicate

	byRecipient := map[string]map[string]bool{}
	copies := 0
	for _, n := range distinct() {
		copies += n - 1
	}
	for _, m := range sink.Mails() {
		for _, to := range m.To {
			if byRecipient[to] == nil {
				byRecipient[to] = map[string]bool{}
			}
			byRecipient[to][m.MessageID] = true
		}
	}
	if len(byRecipient) != orgs {
		t.Fatalf("%d recipients got messages, want %d", len(byRecipient), orgs)
	}
	for to, ids := range byRecipient {
		if len(ids) != 1 {
			t.Fatalf("%s got %d different messages", to, len(ids))
		}
	}
	// The records follow the server's answers by a moment.
	sent := 0
	for deadline := time.Now().Add(30 * time.Second); sent != orgs && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		deliveries := admin.ok("GET", "/v1/"+campaign+"/deliveries?pageSize=1000", nil)
		sent = 0
		for _, d := range asList(deliveries["deliveries"]) {
			if d.(map[string]any)["state"] == "DELIVERY_STATE_SENT" {
				sent++
			}
		}
	}
	if sent != orgs {
		t.Fatalf("%d deliveries recorded sent, want %d", sent, orgs)
	}
	t.Logf("%d messages to %d leads; %d SMTP transactions; %d re-sent under the same Message-ID after a kill",
		len(distinct()), len(byRecipient), sink.Attempts(), copies)
}
