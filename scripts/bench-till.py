#!/usr/bin/env python3
# Times the till over HTTP against a running `mizan serve --demo` on 127.0.0.1:18080: the
# cashier signs in with the form, then N times scans a barcode into a one-line cart
# (POST /till/cart) and completes a one-line cash sale (POST /till/sale). Prints p50 and p95.
# Usage: scripts/bench-till.py [N]
import http.client, re, time, statistics, urllib.parse, sys
H = "127.0.0.1"; P = 18080
def req(conn, method, path, body=None, cookies="", hx=False):
    h = {"Sec-Fetch-Site": "same-origin", "Cookie": cookies}
    if body is not None: h["Content-Type"] = "application/x-www-form-urlencoded"
    if hx: h["HX-Request"] = "true"
    t = time.perf_counter(); conn.request(method, path, body=body, headers=h); r = conn.getresponse(); data = r.read(); dt = time.perf_counter() - t
    return r, data, dt
conn = http.client.HTTPConnection(H, P)
r, d, _ = req(conn, "GET", "/sign-in")
form_cookie = re.search(r"mizan_form=([^;]+)", r.getheader("Set-Cookie")).group(1)
tok = re.search(rb'name="form_token" value="([^"]+)"', d).group(1).decode()
r, d, _ = req(conn, "POST", "/sign-in", f"form_token={tok}&username=cashier&password=cashier-demo", cookies=f"mizan_form={form_cookie}")
sess = re.search(r"mizan_session=([^;]+)", r.getheader("Set-Cookie")).group(1)
ck = f"mizan_session={sess}"
base = "session_id=1&register_id=1"
line = "&product_id=1&warehouse_id=1&qty=0.010&discount=&label="
scan, sale = [], []
N = int(sys.argv[1]) if len(sys.argv) > 1 else 200
for i in range(N):
    r, d, dt = req(conn, "POST", "/till/cart", base + f"&sale_key=b{i}" + line + "&code=6220000000001", ck, hx=True)
    assert r.status == 200 and b'id="line-0"' in d, d[:300]
    scan.append(dt)
    r, d, dt = req(conn, "POST", "/till/sale", base + f"&sale_key=k{time.time_ns()}" + line + "&card=", ck, hx=True)
    assert r.status == 200 and r.getheader("HX-Redirect"), d[:500]
    sale.append(dt)
q = lambda v, p: sorted(v)[int(len(v) * p)] * 1000
print(f"scan-and-add (POST /till/cart, 2 lines): p50 {q(scan,.5):.2f} ms, p95 {q(scan,.95):.2f} ms, n={N}")
print(f"complete sale (POST /till/sale, 1 line card): p50 {q(sale,.5):.2f} ms, p95 {q(sale,.95):.2f} ms, n={N}")
