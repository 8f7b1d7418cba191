using System.Data.Common;
using Dapper;

namespace CmsApi.Data;

/// <summary>
/// A write transaction from <see cref="Database.BeginWriteAsync"/>: the transaction itself (to commit, and to hand to
/// each statement) and, on SQLite, this process's turn to write, given back when it is disposed, after the commit or
/// the rollback.
/// </summary>
/// <param name="transaction">The transaction.</param>
/// <param name="turn">SQLite's turn to write; nothing to give back on PostgreSQL.</param>
/// <param name="dialect">Which engine, for <see cref="WroteAsync"/>.</param>
/// <param name="changesBefore">On SQLite, the connection's <c>total_changes()</c> when the transaction began.</param>
public sealed class WriteTransaction(DbTransaction transaction, IDisposable turn, Dialect dialect, long changesBefore) : IAsyncDisposable
{
    public DbTransaction Transaction { get; } = transaction;

    /// <summary>
    /// Whether any statement of the transaction wrote a row, whichever step of a chained write it was: a workflow step
    /// taken again writes nothing, and then there is no change to record or announce. PostgreSQL gives a transaction
    /// its id on its first write; SQLite counts the rows its connection has written.
    /// </summary>
    public async Task<bool> WroteAsync() =>
        await Transaction.Connection!.ExecuteScalarAsync<bool>(
            dialect == Dialect.Postgres
                ? "SELECT pg_current_xact_id_if_assigned() IS NOT NULL"
                : "SELECT total_changes() > @changesBefore",
            new { changesBefore }, Transaction);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync(); // rolls back what was not committed; a second time does nothing
        }
        finally
        {
            turn.Dispose(); // given back once
        }
    }
}
