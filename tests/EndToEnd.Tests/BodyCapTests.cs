using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EntryExit.TestSupport;

namespace EntryExit.EndToEnd.Tests;

/// <summary>JSON bodies are capped at 64 KB as they stream, whether the sender says their length or sends them chunked.</summary>
[Collection(StackCollection.Name)]
public sealed class BodyCapTests(StackFixture stack)
{
    private const string Route = "/api/identity/verifications";

    [Fact]
    public async Task A_json_body_over_64_KB_is_413_payload_too_large_with_or_without_a_length()
    {
        // Valid JSON whose padding is inside a string, so only its size is wrong.
        var body = Encoding.UTF8.GetBytes($"{{\"name\":\"{new string('x', 64 * 1024)}\",\"idNumber\":\"11010519491231002X\"}}");

        foreach (var chunked in new[] { false, true })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Route)
            {
                Content = chunked ? new StreamContent(new UnknownLengthStream(body)) : new ByteArrayContent(body),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await stack.Http.SendAsync(request);

            response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, chunked ? "chunked" : "with Content-Length");
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("payload_too_large");
        }
    }

    [Fact]
    public async Task A_chunked_json_body_under_the_cap_is_read()
    {
        var padded = Encoding.UTF8.GetBytes("{\"name\":\"张三\",\"idNumber\":\"not a number\"}" + new string(' ', 60 * 1024));
        using var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = new StreamContent(new UnknownLengthStream(padded)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await stack.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the body was read in full and its idNumber checked");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("invalid_id_number");
    }
}
