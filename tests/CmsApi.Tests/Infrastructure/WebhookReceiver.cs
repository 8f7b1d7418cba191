using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CmsApi.Tests.Infrastructure;

/// <summary>A webhook receiver on a loopback port: keeps what it is sent, and answers what the test says.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<Message> _received = Channel.CreateUnbounded<Message>();

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Where webhooks post to.</summary>
    public string Url { get; private set; } = "";

    /// <summary>The status it answers with.</summary>
    public int Status { get; set; } = StatusCodes.Status204NoContent;

    /// <summary>The body it answers with, if any.</summary>
    public string? Answer { get; set; }

    /// <summary>The media type of <see cref="Answer"/>.</summary>
    public string AnswerType { get; set; } = "text/plain";

    /// <summary>What a post waits for, once kept, before it is answered (a delivery held under way).</summary>
    public Task Hold { get; set; } = Task.CompletedTask;

    /// <summary>One post as received.</summary>
    public sealed record Message(string Id, long Timestamp, string Signature, string Body)
    {
        public JsonNode Json => JsonNode.Parse(Body)!;

        public string Type => Json["type"]!.GetValue<string>();

        public IEnumerable<JsonNode> Items => Json["data"]!["items"]!.AsArray().Select(i => i!);

        /// <summary>Whether it is signed by <paramref name="secret"/> as Standard Webhooks prescribes (computed here, not by the service's code).</summary>
        public bool SignedBy(string secret)
        {
            var key = Convert.FromBase64String(secret["whsec_".Length..]);
            var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.{Body}")));
            return Signature.Split(' ').Contains(expected);
        }
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = http.Request.Headers;
            await receiver._received.Writer.WriteAsync(new Message(headers["webhook-id"].ToString(),
                long.Parse(headers["webhook-timestamp"].ToString(), System.Globalization.CultureInfo.InvariantCulture),
                headers["webhook-signature"].ToString(), body));
            await receiver.Hold;
            return receiver.Answer is { } answer
                ? Results.Text(answer, receiver.AnswerType, Encoding.UTF8, receiver.Status)
                : Results.StatusCode(receiver.Status);
        });
        await app.StartAsync();
        receiver.Url = app.Urls.First() + "/hook";
        return receiver;
    }

    /// <summary>The next post, waiting up to 20 s for it.</summary>
    public async Task<Message> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Posts until one has an item of the article, which is returned.</summary>
    public async Task<Message> NextOfAsync(long articleId)
    {
        while (true)
        {
            var message = await NextAsync();
            if (message.Type == "content.changed" && message.Items.Any(i => i["articleId"]?.GetValue<long>() == articleId))
            {
                return message;
            }
        }
    }

    /// <summary><paramref name="first"/> (else the next post) and those that follow until none comes for a second.</summary>
    public async Task<List<Message>> UntilQuietAsync(Message? first = null)
    {
        var messages = new List<Message> { first ?? await NextAsync() };
        while (!await QuietForAsync(TimeSpan.FromSeconds(1)))
        {
            messages.Add(await NextAsync());
        }
        return messages;
    }

    /// <summary>Whether nothing came within <paramref name="wait"/>.</summary>
    public async Task<bool> QuietForAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await _received.Reader.WaitToReadAsync(timeout.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
