/* PC/SC through a worker thread that owns the pcsc-lite context (see pcsc.h for why).
 * The owner posts one job at a time and waits on a condition variable with a
 * monotonic deadline; job inputs and outputs live in the handle, never on the owner's
 * stack, so a job that outlives its deadline writes only into memory the worker frees
 * itself. One owner thread per handle. */
#include "scanners/pcsc.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <winscard.h>

#include "i18n/i18n.h"

/* pcsc-lite's name for "tell me when readers come and go" */
static const char PNP_READER[] = "\\\\?PnP?\\Notification";

enum job {
	JOB_NONE,
	JOB_ESTABLISH,
	JOB_LIST,
	JOB_WAIT,
	JOB_CONNECT,
	JOB_TRANSMIT,
	JOB_STATUS,
	JOB_QUIT
};

struct pcsc {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
	enum job job;  /* posted and not yet done */
	int finished;  /* the worker has released everything */
	int abandoned; /* the owner is gone: the worker frees the handle */
	int broken;    /* a job overran its deadline and may still be running */
	LONG rv;

	/* the worker's; the owner touches them only while no job runs */
	SCARDCONTEXT ctx;
	int have_ctx;
	SCARDHANDLE card;
	int have_card, in_transaction;
	DWORD proto;
	char reader[PCSC_READER_NAME];
	char found[PCSC_READER_NAME];
	DWORD wait_ms;
	char names[4096];
	DWORD names_len;
	unsigned char atr[PCSC_MAX_ATR];
	DWORD atr_len;
	int present;
	unsigned char cmd[MAX_BUFFER_SIZE_EXTENDED];
	DWORD cmd_len;
	unsigned char resp[MAX_BUFFER_SIZE_EXTENDED];
	DWORD resp_len;
};

/* --- the worker's side ---------------------------------------------------------------- */

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int card_there(DWORD state)
{
	return (state & SCARD_STATE_PRESENT) && !(state & SCARD_STATE_MUTE);
}

/* Waits for a card with SCardGetStatusChange; with no reader named, the PnP
 * pseudo-reader makes a reader plugged in meanwhile end the wait so that the list is
 * read again. */
static LONG do_wait(struct pcsc *p)
{
	long deadline = now_ms() + (long)p->wait_ms;
	int pnp = p->reader[0] == '\0';
	for (;;) {
		SCARD_READERSTATE st[16];
		int n = 0;
		p->names_len = sizeof(p->names);
		LONG rv = SCardListReaders(p->ctx, NULL, p->names, &p->names_len);
		if (rv != SCARD_S_SUCCESS)
			return rv;
		for (const char *name = p->names; *name && n < 15; name += strlen(name) + 1) {
			if (p->reader[0] && strcmp(name, p->reader) != 0)
				continue;
			memset(&st[n], 0, sizeof(st[n]));
			st[n].szReader = name;
			st[n++].dwCurrentState = SCARD_STATE_UNAWARE;
		}
		if (n == 0)
			return p->reader[0] ? SCARD_E_UNKNOWN_READER : SCARD_E_NO_READERS_AVAILABLE;
		int readers = n;
		if (pnp) {
			memset(&st[n], 0, sizeof(st[n]));
			st[n].szReader = PNP_READER;
			st[n++].dwCurrentState = SCARD_STATE_UNAWARE;
		}
		DWORD timeout = 0;
		for (;;) {
			rv = SCardGetStatusChange(p->ctx, timeout, st, (DWORD)n);
			if (rv == SCARD_E_UNKNOWN_READER && pnp) {
				pnp = 0; /* a service without PnP notification: watch what is there
					  */
				break;
			}
			if (rv == SCARD_E_TIMEOUT && timeout == 0)
				rv = SCARD_S_SUCCESS;
			if (rv != SCARD_S_SUCCESS)
				return rv;
			for (int i = 0; i < readers; i++) {
				if (card_there(st[i].dwEventState)) {
					memcpy(p->found, st[i].szReader,
					       strlen(st[i].szReader) + 1);
					return SCARD_S_SUCCESS;
				}
			}
			if (pnp && timeout > 0 && (st[readers].dwEventState & SCARD_STATE_CHANGED))
				break; /* readers came or went: list them again */
			long left = deadline - now_ms();
			if (left <= 0)
				return SCARD_E_TIMEOUT;
			for (int i = 0; i < n; i++)
				st[i].dwCurrentState = st[i].dwEventState & ~SCARD_STATE_CHANGED;
			timeout = (DWORD)left;
		}
		if (now_ms() >= deadline && p->wait_ms > 0)
			return SCARD_E_TIMEOUT;
	}
}

static LONG do_connect(struct pcsc *p)
{
	LONG rv = SCardConnect(p->ctx, p->reader, SCARD_SHARE_SHARED,
			       SCARD_PROTOCOL_T1 | SCARD_PROTOCOL_T0, &p->card, &p->proto);
	if (rv != SCARD_S_SUCCESS)
		return rv;
	p->have_card = 1;
	/* a transaction keeps other programs' APDUs from landing inside our secure
	 * messaging session, which would break its send sequence counter */
	rv = SCardBeginTransaction(p->card);
	if (rv != SCARD_S_SUCCESS)
		return rv;
	p->in_transaction = 1;
	char name[PCSC_READER_NAME + 64];
	DWORD name_len = sizeof(name), state = 0, proto = 0;
	p->atr_len = sizeof(p->atr);
	return SCardStatus(p->card, name, &name_len, &state, &proto, p->atr, &p->atr_len);
}

static LONG do_transmit(struct pcsc *p)
{
	const SCARD_IO_REQUEST *pci = p->proto == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
	DWORD n = sizeof(p->resp);
	LONG rv = SCardTransmit(p->card, pci, p->cmd, p->cmd_len, NULL, p->resp, &n);
	if (rv != SCARD_S_SUCCESS)
		return rv;
	/* T=0 (and some T=1 cards): "61xx, more data" is fetched with GET RESPONSE */
	for (int rounds = 0; n >= 2 && p->resp[n - 2] == 0x61 && rounds < 300; rounds++) {
		unsigned char get[5] = { 0x00, 0xC0, 0x00, 0x00, p->resp[n - 1] };
		n -= 2;
		DWORD room = (DWORD)sizeof(p->resp) - n;
		if (room < 258)
			return SCARD_E_INSUFFICIENT_BUFFER;
		rv = SCardTransmit(p->card, pci, get, sizeof(get), NULL, p->resp + n, &room);
		if (rv != SCARD_S_SUCCESS)
			return rv;
		n += room;
	}
	p->resp_len = n;
	return SCARD_S_SUCCESS;
}

/* Is the card still there? After a failed transmit this tells removal from the rest.
 * A reader notices a card gone only at its next poll (pcscd asks the driver a few times
 * a second), so the reader's state is watched for up to wait_ms before "still there"
 * is believed. */
static LONG do_status(struct pcsc *p)
{
	char name[PCSC_READER_NAME + 64];
	DWORD name_len = sizeof(name), state = 0, proto = 0, atr_len = sizeof(p->atr);
	LONG rv = SCardStatus(p->card, name, &name_len, &state, &proto, p->atr, &atr_len);
	p->present = rv == SCARD_S_SUCCESS && (state & SCARD_PRESENT);
	if (!p->present)
		return rv;
	SCARD_READERSTATE st;
	memset(&st, 0, sizeof(st));
	st.szReader = p->reader;
	st.dwCurrentState = SCARD_STATE_UNAWARE;
	DWORD timeout = 0;
	long deadline = now_ms() + (long)p->wait_ms;
	for (;;) {
		rv = SCardGetStatusChange(p->ctx, timeout, &st, 1);
		if (rv == SCARD_E_TIMEOUT)
			return SCARD_S_SUCCESS; /* nothing changed: still there */
		if (rv != SCARD_S_SUCCESS)
			return rv;
		if (!(st.dwEventState & SCARD_STATE_PRESENT)) {
			p->present = 0;
			return SCARD_S_SUCCESS;
		}
		long left = deadline - now_ms();
		if (left <= 0)
			return SCARD_S_SUCCESS;
		st.dwCurrentState = st.dwEventState & ~SCARD_STATE_CHANGED;
		timeout = (DWORD)left;
	}
}

static void release(struct pcsc *p)
{
	if (p->in_transaction)
		SCardEndTransaction(p->card, SCARD_LEAVE_CARD);
	/* reset: the chip forgets the BAC session keys when this read ends */
	if (p->have_card)
		SCardDisconnect(p->card, SCARD_RESET_CARD);
	if (p->have_ctx)
		SCardReleaseContext(p->ctx);
	p->in_transaction = p->have_card = p->have_ctx = 0;
}

static void destroy(struct pcsc *p)
{
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
}

static LONG execute(struct pcsc *p, enum job job)
{
	switch (job) {
	case JOB_ESTABLISH: {
		LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &p->ctx);
		p->have_ctx = rv == SCARD_S_SUCCESS;
		return rv;
	}
	case JOB_LIST:
		p->names_len = sizeof(p->names);
		return SCardListReaders(p->ctx, NULL, p->names, &p->names_len);
	case JOB_WAIT:
		return do_wait(p);
	case JOB_CONNECT:
		return do_connect(p);
	case JOB_TRANSMIT:
		return do_transmit(p);
	case JOB_STATUS:
		return do_status(p);
	default:
		return SCARD_E_INVALID_PARAMETER;
	}
}

static void *worker(void *arg)
{
	struct pcsc *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->job == JOB_NONE)
			pthread_cond_wait(&p->cv, &p->mu);
		enum job job = p->job;
		if (job == JOB_QUIT)
			break;
		pthread_mutex_unlock(&p->mu);
		LONG rv = execute(p, job);
		pthread_mutex_lock(&p->mu);
		p->rv = rv;
		p->job = JOB_NONE;
		pthread_cond_broadcast(&p->cv);
		if (p->abandoned)
			break;
	}
	pthread_mutex_unlock(&p->mu);
	release(p);
	pthread_mutex_lock(&p->mu);
	p->finished = 1;
	int abandoned = p->abandoned;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	if (abandoned)
		destroy(p);
	return NULL;
}

/* --- the owner's side ----------------------------------------------------------------- */

static void deadline_in(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* Runs job on the worker, waiting at most timeout_ms: PCSC_OK with *rv its result, or
 * PCSC_TIMEOUT with the handle marked broken. A wait for a card is cancelled first
 * (SCardCancel is the one call pcsc-lite lets another thread make) and given a second
 * to return. */
static int run(struct pcsc *p, enum job job, int timeout_ms, LONG *rv)
{
	struct timespec ts;
	pthread_mutex_lock(&p->mu);
	if (p->broken || p->finished) {
		pthread_mutex_unlock(&p->mu);
		return PCSC_TIMEOUT;
	}
	p->job = job;
	pthread_cond_broadcast(&p->cv);
	deadline_in(&ts, timeout_ms);
	int cancelled = 0;
	while (p->job != JOB_NONE) {
		if (pthread_cond_timedwait(&p->cv, &p->mu, &ts) != ETIMEDOUT || p->job == JOB_NONE)
			continue;
		if (job == JOB_WAIT && !cancelled) {
			cancelled = 1;
			pthread_mutex_unlock(&p->mu);
			SCardCancel(p->ctx);
			pthread_mutex_lock(&p->mu);
			deadline_in(&ts, 1000);
			continue;
		}
		p->broken = 1;
		pthread_mutex_unlock(&p->mu);
		return PCSC_TIMEOUT;
	}
	*rv = p->rv;
	pthread_mutex_unlock(&p->mu);
	return PCSC_OK;
}

/* Whether a job overran its deadline: then the worker may still read the inputs, and
 * nothing may be written to them. */
static int broken(struct pcsc *p)
{
	pthread_mutex_lock(&p->mu);
	int b = p->broken || p->finished;
	pthread_mutex_unlock(&p->mu);
	return b;
}

static int removal(LONG rv)
{
	return rv == SCARD_W_REMOVED_CARD || rv == SCARD_E_NO_SMARTCARD ||
	       rv == SCARD_E_READER_UNAVAILABLE || rv == SCARD_E_UNKNOWN_READER;
}

/* A PC/SC result as a status, with a message that says what to do. */
static int status_of(LONG rv, const char *reader, struct error *err)
{
	switch (rv) {
	case SCARD_S_SUCCESS:
		return PCSC_OK;
	case SCARD_E_NO_SERVICE:
	case SCARD_E_SERVICE_STOPPED:
		error_set(err, ERR_IO,
			  _("the smart-card service is not running; start pcscd and try again"));
		return PCSC_NO_SERVICE;
	case SCARD_E_NO_READERS_AVAILABLE:
		error_set(err, ERR_IO, _("no smart-card reader is connected; connect one"));
		return PCSC_NO_READER;
	case SCARD_E_UNKNOWN_READER:
		error_set(err, ERR_IO, _("there is no smart-card reader '%s'"),
			  reader ? reader : "");
		return PCSC_NO_READER;
	case SCARD_E_SHARING_VIOLATION:
		error_set(err, ERR_IO, _("the reader '%s' is in use by another program"),
			  reader ? reader : "");
		return PCSC_BUSY;
	case SCARD_W_REMOVED_CARD:
	case SCARD_E_NO_SMARTCARD:
	case SCARD_E_READER_UNAVAILABLE:
		error_set(err, ERR_IO,
			  _("the document was taken off the reader; place it on the reader again"));
		return PCSC_REMOVED;
	default:
		error_set(err, ERR_IO, _("smart-card reader error: %s"), pcsc_stringify_error(rv));
		return PCSC_ERROR;
	}
}

static int timed_out(struct error *err, int ms)
{
	error_set(err, ERR_IO,
		  _("the chip did not answer within %d ms; place the document on the reader again"),
		  ms);
	return PCSC_TIMEOUT;
}

int pcsc_open(struct pcsc **out, int timeout_ms, struct error *err)
{
	*out = NULL;
	struct pcsc *p = calloc(1, sizeof(*p));
	if (!p) {
		error_set(err, ERR_IO, _("out of memory"));
		return PCSC_ERROR;
	}
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, &attr);
	pthread_condattr_destroy(&attr);
	/* signals stay with the program's main thread (the UI's resize and quit) */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(&p->thread, NULL, worker, p);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		destroy(p);
		error_set(err, ERR_IO, _("cannot start the smart-card thread"));
		return PCSC_ERROR;
	}
	LONG rv;
	if (run(p, JOB_ESTABLISH, timeout_ms, &rv) != PCSC_OK) {
		pcsc_close(&p);
		error_set(err, ERR_IO, _("the smart-card service does not answer; restart pcscd"));
		return PCSC_NO_SERVICE;
	}
	if (rv != SCARD_S_SUCCESS) {
		pcsc_close(&p);
		int st = status_of(rv, NULL, err);
		return st == PCSC_OK ? PCSC_ERROR : st;
	}
	*out = p;
	return PCSC_OK;
}

void pcsc_close(struct pcsc **pp)
{
	struct pcsc *p = *pp;
	if (!p)
		return;
	*pp = NULL;
	pthread_mutex_lock(&p->mu);
	if (p->job != JOB_NONE) {
		/* stuck in the driver: the worker cleans up when it comes back */
		p->abandoned = 1;
		pthread_mutex_unlock(&p->mu);
		pthread_detach(p->thread);
		return;
	}
	p->job = JOB_QUIT;
	pthread_cond_broadcast(&p->cv);
	struct timespec ts;
	deadline_in(&ts, 2000);
	while (!p->finished) {
		if (pthread_cond_timedwait(&p->cv, &p->mu, &ts) == ETIMEDOUT && !p->finished) {
			p->abandoned = 1; /* releasing hangs: let it finish on its own */
			pthread_mutex_unlock(&p->mu);
			pthread_detach(p->thread);
			return;
		}
	}
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	destroy(p);
}

int pcsc_readers(struct pcsc *p, char names[][PCSC_READER_NAME], int max, struct error *err)
{
	LONG rv;
	if (run(p, JOB_LIST, 5000, &rv) != PCSC_OK)
		return timed_out(err, 5000);
	if (rv != SCARD_S_SUCCESS)
		return status_of(rv, NULL, err);
	int n = 0;
	for (const char *s = p->names; *s && n < max && s < p->names + p->names_len;
	     s += strlen(s) + 1) {
		size_t k = strnlen(s, PCSC_READER_NAME - 1);
		memcpy(names[n], s, k);
		names[n++][k] = '\0';
	}
	return n;
}

int pcsc_wait_card(struct pcsc *p, const char *reader, int wait_ms, char found[PCSC_READER_NAME],
		   struct error *err)
{
	LONG rv;
	if (broken(p))
		return timed_out(err, wait_ms);
	size_t k = reader ? strnlen(reader, PCSC_READER_NAME - 1) : 0;
	memcpy(p->reader, reader ? reader : "", k);
	p->reader[k] = '\0';
	p->wait_ms = wait_ms > 0 ? (DWORD)wait_ms : 0;
	if (run(p, JOB_WAIT, (wait_ms > 0 ? wait_ms : 0) + 2000, &rv) != PCSC_OK)
		return timed_out(err, wait_ms);
	if (rv == SCARD_E_TIMEOUT || rv == SCARD_E_CANCELLED) {
		if (wait_ms > 0)
			error_set(
				err, ERR_IO,
				_("no document on the reader within %d s; place it on the reader"),
				(wait_ms + 999) / 1000);
		else
			error_set(err, ERR_IO,
				  _("no document on the reader; place it on the reader"));
		return PCSC_NO_CARD;
	}
	if (rv != SCARD_S_SUCCESS)
		return status_of(rv, reader, err);
	memcpy(found, p->found, PCSC_READER_NAME);
	found[PCSC_READER_NAME - 1] = '\0';
	return PCSC_OK;
}

int pcsc_connect(struct pcsc *p, const char *reader, int timeout_ms, unsigned char *atr,
		 size_t *atr_len, struct error *err)
{
	LONG rv;
	if (broken(p))
		return timed_out(err, timeout_ms);
	size_t k = strnlen(reader, PCSC_READER_NAME - 1);
	memcpy(p->reader, reader, k);
	p->reader[k] = '\0';
	if (run(p, JOB_CONNECT, timeout_ms, &rv) != PCSC_OK)
		return timed_out(err, timeout_ms);
	if (rv != SCARD_S_SUCCESS)
		return status_of(rv, reader, err);
	*atr_len = p->atr_len <= PCSC_MAX_ATR ? p->atr_len : PCSC_MAX_ATR;
	memcpy(atr, p->atr, *atr_len);
	return PCSC_OK;
}

int pcsc_transmit(struct pcsc *p, const unsigned char *cmd, size_t len, unsigned char *resp,
		  size_t cap, size_t *resp_len, int timeout_ms, struct error *err)
{
	LONG rv;
	if (len < 4 || len > sizeof(p->cmd)) {
		error_set(err, ERR_IO, _("smart-card reader error: %s"), "APDU too long");
		return PCSC_ERROR;
	}
	if (broken(p))
		return timed_out(err, timeout_ms);
	memcpy(p->cmd, cmd, len);
	p->cmd_len = (DWORD)len;
	if (run(p, JOB_TRANSMIT, timeout_ms, &rv) != PCSC_OK)
		return timed_out(err, timeout_ms);
	/* an answer without even a status word: the card went mid-exchange (vpcd says
	 * so when its card's connection closes) or the link is broken */
	if (rv == SCARD_S_SUCCESS && p->resp_len < 2)
		rv = SCARD_F_COMM_ERROR;
	if (rv != SCARD_S_SUCCESS) {
		LONG st;
		p->wait_ms = (DWORD)(timeout_ms < 1000 ? timeout_ms : 1000);
		if (removal(rv) || (run(p, JOB_STATUS, (int)p->wait_ms + 1000, &st) == PCSC_OK &&
				    (removal(st) || !p->present)))
			return status_of(SCARD_W_REMOVED_CARD, NULL, err);
		return status_of(rv, NULL, err);
	}
	if (p->resp_len > cap) {
		error_set(err, ERR_IO, _("smart-card reader error: %s"), "response too long");
		return PCSC_ERROR;
	}
	memcpy(resp, p->resp, p->resp_len);
	*resp_len = p->resp_len;
	return PCSC_OK;
}
