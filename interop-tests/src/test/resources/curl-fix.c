/*
 * curl-fix.c - LD_PRELOAD work-around for the Debian 12 SyncEvolution client
 * (libsyncevolution.so.0 2.0.0-3+b1), which segfaults on its first HTTP POST.
 *
 * Cause: CurlTransportAgent::CurlTransportAgent() calls
 *   curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, <never loaded: garbage/NULL>)
 *   curl_easy_setopt(h, CURLOPT_READFUNCTION,  <never loaded: garbage/NULL>)
 * so libcurl falls back to fwrite()/fread() on the FILE* it believes it got
 * via CURLOPT_WRITEDATA/READDATA, which is really the CurlTransportAgent
 * object ("mov %rbx,%rdx" = this before setopt(0x2711) and setopt(0x2719)).
 *
 * Fix: interpose curl_easy_setopt. For WRITEFUNCTION (20011) and
 * READFUNCTION (20012) coming from code inside libsyncevolution, pass
 * trampolines that call the exported member functions
 *   size_t SyncEvo::CurlTransportAgent::writeData(void *buf, size_t len)
 *   size_t SyncEvo::CurlTransportAgent::readData(void *buf, size_t len)
 * with self = userdata (= the agent, from WRITEDATA/READDATA) and
 * len = size * nmemb. Every other call is forwarded unchanged.
 *
 * Optional: CURL_FIX_LOG=<file> appends one line per substitution (the
 * client redirects its own stderr, so a file is the reliable trace).
 *
 * Build: gcc -shared -fPIC -O2 -o curl-fix.so curl-fix.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void CURL;
typedef int CURLcode;           /* enum in curl.h; int-sized on x86-64 */
typedef int64_t curl_off_t;     /* 64-bit on all Debian 64-bit builds */

#define OPT_WRITEFUNCTION 20011
#define OPT_READFUNCTION  20012

typedef CURLcode (*setopt_fn)(CURL *, int, ...);
typedef size_t (*member_fn)(void *self, void *buf, size_t len);

static setopt_fn real_setopt;
static member_fn agent_write;
static member_fn agent_read;

static void trace(const char *what, const char *lib)
{
    const char *path = getenv("CURL_FIX_LOG");
    if (!path || !*path)
        return;
    FILE *f = fopen(path, "a");
    if (!f)
        return;
    fprintf(f, "curl-fix: %s (caller %s)\n", what, lib ? lib : "?");
    fclose(f);
}

static size_t write_trampoline(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    return agent_write(userdata, ptr, size * nmemb);
}

static size_t read_trampoline(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    return agent_read(userdata, ptr, size * nmemb);
}

static setopt_fn resolve_real(void)
{
    if (!real_setopt) {
        /* libsyncevolution links the versioned symbol from libcurl-gnutls */
        real_setopt = (setopt_fn)dlvsym(RTLD_NEXT, "curl_easy_setopt", "CURL_GNUTLS_3");
        if (!real_setopt)
            real_setopt = (setopt_fn)dlsym(RTLD_NEXT, "curl_easy_setopt");
    }
    return real_setopt;
}

/* If the caller lives in libsyncevolution, return its file name, else NULL. */
static const char *syncevolution_caller(void *ret)
{
    Dl_info info;
    if (dladdr(ret, &info) && info.dli_fname && strstr(info.dli_fname, "libsyncevolution"))
        return info.dli_fname;
    return NULL;
}

__attribute__((noinline))
CURLcode curl_easy_setopt(CURL *handle, int option, ...)
{
    void *ret = __builtin_return_address(0);
    setopt_fn real = resolve_real();
    if (!real)
        return 48; /* CURLE_UNKNOWN_OPTION: nothing to forward to */

    va_list ap;
    va_start(ap, option);
    CURLcode rc;
    if (option < 10000) {                       /* CURLOPTTYPE_LONG */
        long v = va_arg(ap, long);
        rc = real(handle, option, v);
    } else if (option < 20000) {                /* CURLOPTTYPE_OBJECTPOINT */
        void *v = va_arg(ap, void *);
        rc = real(handle, option, v);
    } else if (option < 30000) {                /* CURLOPTTYPE_FUNCTIONPOINT */
        void *v = va_arg(ap, void *);
        const char *lib;
        if ((option == OPT_WRITEFUNCTION || option == OPT_READFUNCTION)
            && (lib = syncevolution_caller(ret)) != NULL) {
            if (!agent_write)
                agent_write = (member_fn)dlsym(RTLD_DEFAULT, "_ZN7SyncEvo18CurlTransportAgent9writeDataEPvm");
            if (!agent_read)
                agent_read = (member_fn)dlsym(RTLD_DEFAULT, "_ZN7SyncEvo18CurlTransportAgent8readDataEPvm");
            if (option == OPT_WRITEFUNCTION && agent_write) {
                v = (void *)write_trampoline;
                trace("WRITEFUNCTION -> CurlTransportAgent::writeData", lib);
            } else if (option == OPT_READFUNCTION && agent_read) {
                v = (void *)read_trampoline;
                trace("READFUNCTION -> CurlTransportAgent::readData", lib);
            } else {
                trace("member function symbol not found, option passed through", lib);
            }
        }
        rc = real(handle, option, v);
    } else if (option < 40000) {                /* CURLOPTTYPE_OFF_T */
        curl_off_t v = va_arg(ap, curl_off_t);
        rc = real(handle, option, v);
    } else {                                    /* CURLOPTTYPE_BLOB: struct curl_blob * */
        void *v = va_arg(ap, void *);
        rc = real(handle, option, v);
    }
    va_end(ap);
    return rc;
}
