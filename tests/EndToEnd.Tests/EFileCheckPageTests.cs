using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using EntryExit.EFile.Signing;
using Microsoft.Playwright;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;

namespace EntryExit.EndToEnd.Tests;

/// <summary>
/// The verification page (SPEC §2.6, issue 13) in a real browser, as a clerk with a phone sees it: the QR code read off
/// the rendered page of a real e-file by a real decoder opens the page, which checks number + code at once; a PDF
/// dropped or picked on the page is checked in every respect, emailed ones with their password.
/// </summary>
[Collection(StackCollection.Name)]
public sealed partial class EFileCheckPageTests(StackFixture stack, Chromium chromium) : IClassFixture<Chromium>
{
    private static readonly ConditionalWeakTable<StackFixture, Task<EFileCheckTests.IssuedEFile>> Downloads = [];
    private static readonly ConditionalWeakTable<StackFixture, Task<EFileCheckTests.IssuedEFile>> Emailed = [];

    /// <summary>Where the phone-sized screenshots go; the ones in docs/ were copied from here.</summary>
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private Uri Origin => stack.Http.BaseAddress!;

    [Fact]
    public async Task The_qr_code_on_an_e_file_opens_the_page_which_shows_at_once_that_it_is_genuine()
    {
        var issued = await DownloadedAsync();

        var url = DecodeQrCode(issued.Pdf);

        url.Should().Be($"{Origin}verify?n={issued.Number}&c={issued.Code}", "the QR code holds the page's address with number and code");
        var (qr, printed) = QrCodeAndPrintedCode(issued.Pdf, issued.Code);
        printed.Top.Should().BeLessThanOrEqualTo(qr.Bottom).And.BeGreaterThan(qr.Bottom - 24, "the code is printed right under the QR code, for people who type");
        printed.Right.Should().BeApproximately(qr.Right, 3, "aligned with the QR code's right edge");
        var page = await chromium.NewPhonePageAsync(EFileCheckTests.NewClient());
        var watch = new PageWatch(page);
        await page.GotoAsync(url);
        var result = await ResultAsync(page, "code-result");

        result.Should().Contain("真实：本局签发了这份电子文件").And.Contain("Genuine: we issued this e-file");
        result.Should().Contain(issued.Number).And.Contain("出入境记录").And.Contain("Entry/exit records");
        result.Should().Contain(Sha256(issued.Pdf), "the SHA-256 of the file as issued");
        Regex.Match(result, @"页数 · Pages\s*(\d+)").Groups[1].Value.Should().Be(issued.Pages.ToString(System.Globalization.CultureInfo.InvariantCulture));
        result.Should().MatchRegex(@"\d{4}年\d{2}月\d{2}日 \d{2}:\d{2}（北京时间 China time, UTC\+8）");
        (await page.InputValueAsync("#n")).Should().Be(issued.Number);
        (await page.InputValueAsync("#c")).Should().Be(issued.Code);
        await ScreenshotAsync(page, "code-result", "verify-genuine.png");
        watch.ShouldBeClean(Origin);
    }

    [Fact]
    public async Task A_wrong_code_is_not_found_and_the_page_says_what_to_do()
    {
        var issued = await DownloadedAsync();
        var page = await chromium.NewPhonePageAsync(EFileCheckTests.NewClient());
        var watch = new PageWatch(page);

        await page.GotoAsync($"{Origin}verify?n={issued.Number}&c={EFileCheckTests.OtherCode(issued.Code)}");
        var result = await ResultAsync(page, "code-result");

        result.Should().Contain("未找到：编号和校验码不相符").And.Contain("Not found: the number and the code do not match");
        result.Should().Contain("请向文件持有人索取原始文件").And.Contain("ask the holder for the original file");
        result.Should().NotContain("真实").And.NotContain(Sha256(issued.Pdf));
        await ScreenshotAsync(page, "code-result", "verify-not-found.png");
        watch.ShouldBeClean(Origin);
    }

    [Fact]
    public async Task Guessing_codes_from_the_page_is_limited_as_the_api_is_and_the_page_says_when_to_try_again()
    {
        var issued = await DownloadedAsync();
        var page = await chromium.NewPhonePageAsync(EFileCheckTests.NewClient());
        await page.GotoAsync($"{Origin}verify");

        // Thirty wrong guesses from this phone's address, made by the page's own origin as its script makes them.
        var statuses = await page.EvaluateAsync<int[]>(
            """
            async ([number, code]) => {
              const statuses = [];
              for (let i = 0; i < 30; i++) {
                statuses.push((await fetch(`/api/verifications/document/${number}?code=${code}`)).status);
              }
              return statuses;
            }
            """,
            new object[] { issued.Number, EFileCheckTests.OtherCode(issued.Code) });
        statuses.Should().AllBeEquivalentTo(404);

        await page.FillAsync("#n", issued.Number);
        await page.FillAsync("#c", issued.Code);
        await page.PressAsync("#c", "Enter");
        var result = await ResultAsync(page, "code-result");

        result.Should().Contain("尝试次数过多").And.Contain("Too many attempts");
        result.Should().MatchRegex(@"try again in (5\d|60) minutes", "the address is locked for Lockout__LockMinutes (60)");
        result.Should().NotContain("真实");
    }

    [Fact]
    public async Task Without_the_qr_code_a_person_types_number_and_code_with_the_keyboard_alone()
    {
        var issued = await DownloadedAsync();
        var page = await chromium.NewPhonePageAsync(EFileCheckTests.NewClient());
        await page.GotoAsync($"{Origin}verify");
        (await page.InnerTextAsync("#code-result")).Should().BeEmpty("nothing is checked before anything is given");

        await page.Keyboard.PressAsync("Tab");
        (await FocusedIdAsync(page)).Should().Be("n", "the number is the first thing to fill in");
        await page.Keyboard.PressAsync("Enter");
        (await page.InnerTextAsync("#n-error")).Should().Contain("请输入编号").And.Contain("Enter the number");
        (await page.GetAttributeAsync("#n", "aria-invalid")).Should().Be("true");

        await page.Keyboard.TypeAsync(issued.Number.ToLowerInvariant());
        await page.Keyboard.PressAsync("Tab");
        (await FocusedIdAsync(page)).Should().Be("c");
        // As people type what they read: lower case, with a space in the middle.
        await page.Keyboard.TypeAsync($"{issued.Code[..5].ToLowerInvariant()} {issued.Code[5..]}");
        await page.Keyboard.PressAsync("Enter");

        var result = await ResultAsync(page, "code-result");
        result.Should().Contain("真实：本局签发了这份电子文件");
        (await FocusedIdAsync(page)).Should().Be("code-result", "the answer takes the focus, so a screen reader reads it next");
        (await page.GetAttributeAsync("#n", "aria-invalid")).Should().Be("false");
    }

    [Fact]
    public async Task The_downloaded_pdf_dropped_on_the_page_is_genuine_and_intact_in_every_respect()
    {
        var issued = await DownloadedAsync();
        var page = await chromium.NewPhonePageAsync(EFileCheckTests.NewClient());
        var watch = new PageWatch(page);
        await page.GotoAsync($"{Origin}verify?n={issued.Number}&c={issued.Code}");
        await ResultAsync(page, "code-result");

        await DropAsync(page, issued.Pdf, $"{issued.Number}.pdf");
        var result = await ResultAsync(page, "file-result");

        result.Should().Contain("✓ 真实、完整：可以采信").And.Contain("Genuine and intact: you can rely on it");
        result.Should().Contain("✓ 签名有效").And.Contain("✓ 签名后未被修改").And.Contain("✓ 由签发机关签名").And.Contain("✓ 与编号相符");
        result.Should().Contain("Signature valid").And.Contain("Unaltered since signing").And.Contain("Signed by the issuer").And.Contain("Matches its number");
        result.Should().NotContain("✗").And.NotContain("What to do");
        result.Should().Contain(issued.Number).And.Contain(await IssuerSha256Async());

        // The issuer certificate, linked with the fingerprint a person compares in Adobe Reader or openssl.
        var fingerprint = string.Join(':', Convert.FromHexString(await IssuerSha256Async()).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        await Assertions.Expect(page.Locator("#cert-sha")).ToHaveTextAsync(fingerprint);
        (await page.InnerTextAsync("#cert-name")).Should().Be(EntryExit.EFile.Signing.DevelopmentIssuer.CommonName);
        (await page.GetAttributeAsync("a[href='/api/certificates/issuer?format=der']", "download")).Should().NotBeNull();
        (await TextBelowContrastAsync(page)).Should().BeEmpty("every text, the green verdicts too, reads at WCAG AA contrast");
        await ScreenshotAsync(page, "file-result", "verify-file-genuine.png");
        watch.ShouldBeClean(Origin);
    }

    [Fact]
    public async Task A_tampered_copy_is_shown_as_altered_with_what_each_failure_means_and_what_to_do()
    {
        var issued = await DownloadedAsync();
        var tampered = (byte[])issued.Pdf.Clone();
        var at = Encoding.Latin1.GetString(tampered).IndexOf("PDFsharp", StringComparison.Ordinal);
        at.Should().BePositive();
        tampered[at] = (byte)'Q';
        var page = await chromium.NewPhonePageAsync(EFileCheckTests.NewClient());
        var watch = new PageWatch(page);
        await page.GotoAsync($"{Origin}verify");

        await page.SetInputFilesAsync("#file", new FilePayload { Name = "copy.pdf", MimeType = "application/pdf", Buffer = tampered });
        var result = await ResultAsync(page, "file-result");

        result.Should().Contain("✗ 不能采信这份文件").And.Contain("Do not rely on this file");
        result.Should().Contain("✗ 签名无效").And.Contain("Signature not valid");
        result.Should().Contain("✗ 签名后被修改过").And.Contain("Altered after signing");
        result.Should().Contain("✗ 与编号不符").And.Contain($"The number {issued.Number} in the file cannot be trusted: its signature does not verify.");
        result.Should().Contain("✓ 由签发机关签名", "the signature still names our certificate; the bytes no longer match it");
        result.Should().Contain("怎么办：请向持有人索取下载或邮件收到的原始文件").And.Contain("What to do: Ask the holder for the original file");
        result.Should().NotContain("可以采信");
        (await TextBelowContrastAsync(page)).Should().BeEmpty("every text, the red verdicts too, reads at WCAG AA contrast");
        await ScreenshotAsync(page, "file-result", "verify-file-altered.png");
        watch.ShouldBeClean(Origin);

        // The contrast check finds a pale line when there is one.
        await page.EvaluateAsync("() => { const p = document.createElement('p'); p.textContent = 'pale'; p.style.color = '#aaa'; document.querySelector('main').append(p); }");
        (await TextBelowContrastAsync(page)).Should().ContainSingle().Which.Should().Contain("\"pale\"");
    }

    [Fact]
    public async Task A_copy_signed_by_a_look_alike_certificate_is_not_an_e_file_of_ours_whatever_name_it_shows()
    {
        var issued = await DownloadedAsync();
        var (forged, forger) = await EFileCheckTests.ForgeAsync(issued);
        var page = await chromium.NewPhonePageAsync(EFileCheckTests.NewClient());
        var watch = new PageWatch(page);
        await page.GotoAsync($"{Origin}verify");

        await page.SetInputFilesAsync("#file", new FilePayload { Name = $"{issued.Number}.pdf", MimeType = "application/pdf", Buffer = forged });
        var result = await ResultAsync(page, "file-result");

        result.Should().Contain("✗ 不能采信这份文件").And.Contain("Do not rely on this file");
        result.Should().Contain("✗ 不是签发机关签名").And.Contain("Not signed by the issuer")
            .And.Contain("The signing certificate is not ours, even if its name looks the same.");
        result.Should().Contain("怎么办：这不是本局签发的电子文件。").And.Contain("What to do: This is not an e-file of ours.");
        result.Should().Contain("✓ 签名后未被修改", "the forger's own signature covers the whole file");
        result.Should().Contain(DevelopmentIssuer.CommonName, "a forger may copy the name")
            .And.Contain(Sha256(forger.RawData)).And.NotContain("可以采信");
        var fingerprint = string.Join(':', Convert.FromHexString(await IssuerSha256Async()).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        await Assertions.Expect(page.Locator("#cert-sha")).ToHaveTextAsync(fingerprint, new() { Timeout = 60_000 });
        watch.ShouldBeClean(Origin);
    }

    [Fact]
    public async Task An_emailed_copy_asks_for_its_password_refuses_a_wrong_one_and_is_genuine_with_the_right_one()
    {
        var issued = await EmailedAsync();
        var page = await chromium.NewPhonePageAsync(EFileCheckTests.NewClient());
        var watch = new PageWatch(page);
        await page.GotoAsync($"{Origin}verify");

        await page.SetInputFilesAsync("#file", new FilePayload { Name = "emailed.pdf", MimeType = "application/pdf", Buffer = issued.Pdf });
        var withoutPassword = await ResultAsync(page, "file-result");
        withoutPassword.Should().Contain("需要密码").And.Contain("Password needed").And.Contain("Enter the password the holder chose");
        (await FocusedIdAsync(page)).Should().Be("pw", "the password is what is missing");

        await page.FillAsync("#pw", "Wrong2026x");
        await page.ClickAsync("#file-form button[type=submit]");
        await Assertions.Expect(page.Locator("#file-result")).ToContainTextAsync("密码不正确");
        (await page.InnerTextAsync("#file-result")).Should().Contain("Wrong password");

        await page.FillAsync("#pw", EFileCheckTests.EmailPassword);
        await page.PressAsync("#pw", "Enter");
        await Assertions.Expect(page.Locator("#file-result")).ToContainTextAsync("真实、完整：可以采信");
        var result = await page.InnerTextAsync("#file-result");
        result.Should().Contain("✓ 签名有效").And.Contain("✓ 签名后未被修改").And.Contain("✓ 由签发机关签名").And.Contain("✓ 与编号相符");
        result.Should().Contain(issued.Number).And.NotContain("✗");
        watch.ShouldBeClean(Origin);
    }

    [Fact]
    public async Task The_page_is_one_small_document_with_a_strict_policy_no_cookies_and_nothing_from_elsewhere()
    {
        using var response = await stack.Http.GetAsync("/verify?n=E261126916913&c=7K3M9QXP2R");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/html; charset=utf-8");
        var policy = Directives(response.Headers.GetValues("Content-Security-Policy").Single());
        policy["default-src"].Should().Equal("'self'");
        policy["frame-ancestors"].Should().Equal("'none'");
        policy["base-uri"].Should().Equal("'none'");
        policy["object-src"].Should().Equal("'none'");
        policy["script-src"].Should().Equal(InlineHashes(html, "script"), "the inline script runs because its hash is allowed, nothing else does");
        policy["style-src"].Should().Equal(InlineHashes(html, "style"));
        response.Headers.GetValues("Referrer-Policy").Should().Equal("no-referrer");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.Contains("Set-Cookie").Should().BeFalse();
        response.Headers.CacheControl!.NoStore.Should().BeTrue("the address carries the verification code");
        html.Should().NotContain("7K3M9QXP2R", "nothing of the query is written into the page").And.NotContain("E261126916913");
        Encoding.UTF8.GetByteCount(html).Should().BeLessThan(40 * 1024, "one small document for a slow phone network");
        html.Should().NotMatchRegex(@"(?i)<script[^>]*\ssrc=|<link[^>]*stylesheet|\son[a-z]+=|https?://|@import|url\(", "no external fonts, scripts or trackers, no inline handlers");

        var page = await chromium.NewPhonePageAsync(EFileCheckTests.NewClient());
        var watch = new PageWatch(page);
        await page.GotoAsync($"{Origin}verify?n=E261126916913&c=7K3M9QXP2R");
        await ResultAsync(page, "code-result");
        (await page.EvaluateAsync<string>("document.documentElement.lang")).Should().Be("zh-CN");
        (await page.EvaluateAsync<int>("document.querySelectorAll('.en').length")).Should().BeGreaterThan(15, "every text has its English line");
        (await page.EvaluateAsync<string[]>("[...document.querySelectorAll('.en')].filter(e => !e.closest('[lang=en]')).map(e => e.textContent)"))
            .Should().BeEmpty("English is marked as English, for screen readers");
        (await page.EvaluateAsync<string[]>("[...document.querySelectorAll('input')].filter(i => i.labels.length === 0).map(i => i.id)"))
            .Should().BeEmpty("every field has a label");
        (await page.EvaluateAsync<string>("document.cookie")).Should().BeEmpty();
        (await page.Context.CookiesAsync()).Should().BeEmpty();
        watch.ShouldBeClean(Origin);
    }

    private Task<EFileCheckTests.IssuedEFile> DownloadedAsync() =>
        Downloads.GetValue(stack, s => EFileCheckTests.IssueAsync(s, "download")).WaitAsync(TimeSpan.FromMinutes(3));

    private Task<EFileCheckTests.IssuedEFile> EmailedAsync() =>
        Emailed.GetValue(stack, s => EFileCheckTests.IssueAsync(s, "email")).WaitAsync(TimeSpan.FromMinutes(3));

    /// <summary>Page 1 rasterised as a printer or a screen shows it (200 dpi), and the QR code read by zbar.</summary>
    private static string DecodeQrCode(byte[] pdf)
    {
        var folder = Directory.CreateTempSubdirectory("efile-qr-");
        try
        {
            var file = Path.Combine(folder.FullName, "efile.pdf");
            File.WriteAllBytes(file, pdf);
            var render = EFileCheckTests.Run("pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-singlefile", "-png", file, Path.Combine(folder.FullName, "page1"));
            render.ExitCode.Should().Be(0, render.Error);
            var decoded = EFileCheckTests.Run("zbarimg", "-q", "--raw", Path.Combine(folder.FullName, "page1.png"));
            decoded.ExitCode.Should().Be(0, $"zbarimg should find the QR code on page 1: {decoded.Error}");
            var codes = decoded.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            codes.Should().ContainSingle("page 1 has one QR code");
            return codes[0];
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Page 1's QR code image and the box of the verification code's printed characters (PDF points, origin bottom left).</summary>
    private static (PdfRectangle Qr, PdfRectangle Code) QrCodeAndPrintedCode(byte[] pdf, string code)
    {
        using var document = PdfDocument.Open(pdf);
        var page = document.GetPage(1);
        var qr = page.GetImages().Should().ContainSingle("page 1 has one image, the QR code").Subject.BoundingBox;
        var letters = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        var text = string.Concat(letters.Select(l => l.Value.Length == 1 ? l.Value : "\uFFFD"));
        var at = text.IndexOf(code, StringComparison.Ordinal);
        at.Should().BeGreaterThanOrEqualTo(0, $"page 1 prints the code {code}");
        var boxes = letters.Skip(at).Take(code.Length).Select(l => l.BoundingBox).ToList();
        var printed = new PdfRectangle(boxes.Min(b => b.Left), boxes.Min(b => b.Bottom), boxes.Max(b => b.Right), boxes.Max(b => b.Top));
        return (qr, printed);
    }

    /// <summary>The text of a result region once its verdict is shown.</summary>
    private static async Task<string> ResultAsync(IPage page, string region)
    {
        await page.Locator($"#{region} .verdict").WaitForAsync();
        return await page.InnerTextAsync($"#{region}");
    }

    /// <summary>
    /// Every visible text whose colour against its background is below WCAG 2 AA: 4.5:1, or 3:1 for large text
    /// (24 px, or 18.66 px bold). The background is the nearest opaque one up the tree, as the page has no images.
    /// </summary>
    private static Task<string[]> TextBelowContrastAsync(IPage page) => page.EvaluateAsync<string[]>(
        """
        () => {
          const rgba = text => (text.match(/[\d.]+/g) || []).map(Number);
          const luminance = ([r, g, b]) => {
            const linear = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
            return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
          };
          const background = element => {
            for (let e = element; e; e = e.parentElement) {
              const c = rgba(getComputedStyle(e).backgroundColor);
              if (c.length === 3 || c[3] > 0) return c;
            }
            return [255, 255, 255];
          };
          const problems = [];
          for (const element of document.querySelectorAll("body *")) {
            if (![...element.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim())) continue;
            if (element.getClientRects().length === 0) continue;
            const style = getComputedStyle(element);
            const [light, dark] = [luminance(rgba(style.color)), luminance(background(element))].sort((a, b) => b - a);
            const ratio = (light + 0.05) / (dark + 0.05);
            const size = parseFloat(style.fontSize);
            const needed = size >= 24 || (parseInt(style.fontWeight, 10) >= 700 && size >= 18.66) ? 3 : 4.5;
            if (ratio < needed) problems.push(`${element.tagName.toLowerCase()}.${element.className} "${element.textContent.trim().slice(0, 40)}" ${ratio.toFixed(2)}:1 < ${needed}:1`);
          }
          return problems;
        }
        """);

    private static Task<string> FocusedIdAsync(IPage page) => page.EvaluateAsync<string>("document.activeElement ? document.activeElement.id : ''");

    /// <summary>A file dropped on the drop zone as a person drags it from their files: dragenter, dragover, drop.</summary>
    private static async Task DropAsync(IPage page, byte[] pdf, string name) =>
        await page.EvaluateAsync(
            """
            ([name, base64]) => {
              const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
              const data = new DataTransfer();
              data.items.add(new File([bytes], name, { type: "application/pdf" }));
              const zone = document.getElementById("drop");
              for (const type of ["dragenter", "dragover", "drop"]) {
                zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
              }
            }
            """,
            new object[] { name, Convert.ToBase64String(pdf) });

    private static async Task ScreenshotAsync(IPage page, string region, string fileName)
    {
        Directory.CreateDirectory(Screenshots);
        await page.Locator($"#{region}").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, fileName) });
    }

    private async Task<string> IssuerSha256Async() =>
        Sha256(await stack.Http.GetByteArrayAsync("/api/certificates/issuer?format=der"));

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static Dictionary<string, string[]> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d[1..]);

    private static string[] InlineHashes(string html, string tag) =>
        Regex.Matches(html, $"<{tag}>(.*?)</{tag}>", RegexOptions.Singleline)
            .Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'")
            .ToArray();

    /// <summary>
    /// What the browser reported while the test ran: script errors, policy violations, and every request — which must
    /// all go to the page's own origin and carry no Referer (the page's address holds the code).
    /// </summary>
    private sealed class PageWatch
    {
        private readonly List<string> _problems = [];
        private readonly List<IRequest> _requests = [];

        public PageWatch(IPage page)
        {
            // A 404 or 429 answer is logged by the browser as a failed resource; that is the API speaking, not a fault.
            page.Console += (_, message) =>
            {
                if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                {
                    _problems.Add(message.Text);
                }
            };
            page.PageError += (_, error) => _problems.Add(error);
            page.Request += (_, request) => _requests.Add(request);
        }

        public void ShouldBeClean(Uri origin)
        {
            _problems.Should().BeEmpty("the page runs under its policy without errors or violations");
            _requests.Should().NotBeEmpty();
            _requests.Select(r => r.Url).Should().OnlyContain(u => u.StartsWith(origin.ToString(), StringComparison.Ordinal), "nothing is loaded from elsewhere");
            // Playwright lists a Referer the browser withheld as an empty one.
            _requests.Where(r => r.Headers.TryGetValue("referer", out var referer) && referer.Length > 0).Select(r => $"{r.Url} ← {r.Headers["referer"]}")
                .Should().BeEmpty("no request tells the code-bearing address");
        }
    }
}
