using CmsApi.Search;
using CmsApi.Tests.Infrastructure;
using CsCheck;
using Npgsql;

namespace CmsApi.Tests.Search;

/// <summary>
/// The service writes PostgreSQL's search vectors as literals; the server must read each as exactly the vector its own
/// <c>to_tsvector('simple', …)</c> makes of the indexed text, or phrase searches would find other articles than on SQLite.
/// Each literal is compared as written with the server's own text of its vector, so its lexemes' order is checked too.
/// </summary>
public sealed class SearchVectorTests(PostgresDatabase postgres) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_vector_literal_is_what_to_tsvector_makes_of_the_indexed_text()
    {
        postgres.SkipWhenUnavailable();
        var texts = new List<string?>
        {
            null,
            "",
            string.Join('\n', LegacyPage.Lines),
            // A lexeme keeps its first 255 positions.
            string.Join(' ', Enumerable.Repeat("ab", 300)) + string.Concat(Enumerable.Repeat("党建", 300)),
            // Positions stop at 16,383.
            string.Join(' ', Enumerable.Range(0, 17_000).Select(i => $"w{i % 50}")) + " zz zz 末尾",
            // A word encoded in 2,047 characters or more is left out and takes no position; one of 2,045 is kept.
            $"x {new string('a', 1023)} y {new string('b', 1022)} z",
            // Lexemes in the server's order: words sharing their first letters; characters beyond the BMP (UTF-16
            // surrogates) beside ones above them (U+FA0E, which NFKC keeps).
            "international internal inter intern interim inte int 2022 20 2 pm2.5 𠀀﨎党𪚥豈 﨎𠀀",
        };
        SearchTextTests.TrickyText.Sample(texts.Add, iter: 500);

        var indexed = new List<string>();
        var vectors = new List<string>();
        foreach (var text in texts)
        {
            var (unigrams, bigrams) = SearchText.Indexed(text);
            var (unigramVector, bigramVector) = SearchText.Vectors(text);
            indexed.AddRange([unigrams, bigrams]);
            vectors.AddRange([unigramVector, bigramVector]);
        }

        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT coalesce(array_agg(i - 1 ORDER BY i), '{}') FROM unnest(@indexed, @vectors) WITH ORDINALITY AS t(indexed, vector, i)
            WHERE to_tsvector('simple', indexed)::text IS DISTINCT FROM vector
            """, connection);
        command.Parameters.AddWithValue("indexed", indexed.ToArray());
        command.Parameters.AddWithValue("vectors", vectors.ToArray());
        var differing = (long[])(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;

        Assert.True(differing.Length == 0,
            $"{differing.Length} of {vectors.Count} vectors differ, first of the text '{texts[(int)differing.FirstOrDefault() / 2]?[..Math.Min(80, texts[(int)differing[0] / 2]!.Length)]}'");
    }
}
