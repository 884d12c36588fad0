vcl 4.1;

# Varnish in front of the science-popularisation site (首都科普), gunicorn behind it.
# Deployment notes, the varnishd command line and what is cached: docs/varnish.md.
#
# What this file holds to:
# - Only what the app itself declares cacheable is cached, for as long as its
#   Cache-Control says (pages: public, max-age=PAGE_CACHE_BROWSER_SECONDS, 10 s by
#   default; API reads: 30 s; robots.txt a day). Varnish never guesses a TTL.
# - Nothing personal is ever stored: no POST, nothing under /admin/ or
#   /django-admin/, nothing for a request with the session cookie or an
#   Authorization header, and no response that sets a cookie (which is how a
#   page carrying a CSRF token shows itself, see vcl_recv).
# - Wagtail's frontend_cache (home.purge.RetryingHTTPBackend) sends
#   "PURGE <url>" with the page's Host on every publish and withdrawal; each
#   one invalidates every cached page of that host (see "PURGE" below).
# - If the app answers 5xx, a copy up to 6 h old is served instead when there is
#   one (never one that a purge invalidated).

import std;

# gunicorn as `make run` and the Dockerfile start it. Production keeps this as is
# when Varnish and gunicorn share the machine; the test rewrites the port.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    # gunicorn's own worker timeout is 30 s: wait for it to give up first.
    .first_byte_timeout = 35s;
    .between_bytes_timeout = 10s;
}

# Who may purge. The app sends its purges from this machine; add the addresses
# of app servers on other machines here. A TLS terminator on loopback would make
# every visitor look local, so PURGE is also accepted only on the listen address
# named "purge" (varnishd -a purge=127.0.0.1:6091), which nothing public forwards to.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # This VCL's own request headers come from this VCL only, never from a client.
    if (req.restarts == 0) {
        unset req.http.X-Kepu-Cookie;
        unset req.http.X-Kepu-Cache;
        unset req.http.X-Kepu-Stale-If-Error;
    }
    # One spelling of each host, so a purge (Host from Wagtail's Site, e.g.
    # "kepu.example.org.cn") and a visitor ("KEPU.example.org.cn:443") name the same pages.
    set req.http.Host = std.tolower(regsub(req.http.Host, ":(80|443)$", ""));

    if (req.method == "PURGE") {
        if (local.socket != "purge" || client.ip !~ purgers) {
            return (synth(405, "PURGE not allowed"));
        }
        # Host-wide, not just the URL purged. A publish changes more than the
        # page's own address: the urgent banner is on every page, and the
        # calendar, section listings, feeds, iCal and the v3 API list what was
        # published, but Wagtail names only the page (plus, for clarifications,
        # the home page and their index). The app's own page cache does the same:
        # every publish moves the content version on and every page is
        # rendered afresh (home/content_version.py). It costs little here, since
        # pages live only 10 s anyway. Hashed static files never change with
        # content, so they stay. A ban also covers every variant of an address:
        # gzip or not, any query string (?page=2, ?month=…).
        # (std.ban takes the expression as the CLI would after unquoting: no quotes.)
        if (!std.ban("obj.http.X-Kepu-Host == " + req.http.Host + " && obj.http.X-Kepu-Url !~ ^/static/")) {
            return (synth(400, std.ban_error()));
        }
        return (synth(200, "Purged"));
    }

    # A request for a copy kept past its time, after the app answered 5xx (vcl_deliver).
    if (req.http.X-Kepu-Stale-If-Error) {
        set req.grace = 6h;
    } else {
        set req.grace = 0s;
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin)(/|$)") {
        return (pass);
    }
    # Signed in (Django's session cookie), or a client with a token (the API may show it drafts).
    if (req.http.Authorization || req.http.Cookie ~ "(^|;)\s*sessionid=") {
        return (pass);
    }

    # Anyone else is anonymous: the app never sees their cookies on a cacheable
    # request, so one copy serves everybody. This is also what keeps CSRF tokens
    # out of the cache: without the csrftoken cookie, Django answers every page
    # that renders a token with a fresh Set-Cookie, and such a response is never
    # stored (vcl_backend_response). The cookies go back on for the pages that
    # turned out uncacheable (vcl_backend_fetch), so a sign-up form's token
    # matches the visitor's own cookie.
    if (req.http.Cookie) {
        set req.http.X-Kepu-Cookie = req.http.Cookie;
        unset req.http.Cookie;
    }
    return (hash);
}

sub vcl_hit {
    set req.http.X-Kepu-Cache = "HIT";
}

sub vcl_miss {
    set req.http.X-Kepu-Cache = "MISS";
}

sub vcl_pass {
    set req.http.X-Kepu-Cache = "PASS";
}

sub vcl_backend_fetch {
    if (bereq.uncacheable && bereq.http.X-Kepu-Cookie) {
        set bereq.http.Cookie = bereq.http.X-Kepu-Cookie;
    }
    unset bereq.http.X-Kepu-Cookie;
    unset bereq.http.X-Kepu-Cache;
    unset bereq.http.X-Kepu-Stale-If-Error;
}

sub vcl_backend_response {
    # For host-wide bans the ban lurker can evaluate in the background.
    set beresp.http.X-Kepu-Host = bereq.http.Host;
    set beresp.http.X-Kepu-Url = bereq.url;

    if (bereq.uncacheable) {
        return (deliver);
    }
    # A refresh of a kept copy failed: keep serving the copy (see vcl_deliver).
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # Not stored: a response that sets a cookie (a page with a form sets the CSRF
    # cookie, signing in sets the session), one the app marks personal, or one
    # it gives no lifetime (redirects, error pages): Varnish never guesses a TTL.
    # Such an address is passed for a minute ("hit-for-pass"), the visitor's
    # cookies restored (vcl_backend_fetch), so a sign-up form's token matches
    # the visitor's own CSRF cookie.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-cache|no-store)"
        || beresp.http.Cache-Control !~ "(s-maxage|max-age)="
        || beresp.http.Vary == "*"
        || beresp.ttl <= 0s) {
        return (pass(60s));
    }
    # Kept (unused) past its TTL only for the stale-if-error retry in vcl_deliver;
    # a normal request asks for req.grace = 0s, so visitors never get an old copy
    # while the app is up.
    set beresp.grace = 6h;
    return (deliver);
}

sub vcl_deliver {
    # The app failed (or is down): once, look for a kept copy instead.
    if (resp.status >= 500 && req.restarts == 0 && req.http.X-Kepu-Cache != "PASS"
        && (req.method == "GET" || req.method == "HEAD")) {
        set req.http.X-Kepu-Stale-If-Error = "1";
        return (restart);
    }
    set resp.http.X-Cache = req.http.X-Kepu-Cache;
    unset resp.http.X-Kepu-Host;
    unset resp.http.X-Kepu-Url;
}
