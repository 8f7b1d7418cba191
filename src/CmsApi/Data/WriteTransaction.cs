using System.Data.Common;

namespace CmsApi.Data;

/// <summary>
/// A write transaction from <see cref="Database.BeginWriteAsync"/>: the transaction itself (to commit, and to hand to
/// each statement) and, on SQLite, this process's turn to write, given back when it is disposed, after the commit or
/// the rollback.
/// </summary>
public sealed class WriteTransaction(DbTransaction transaction, IDisposable turn) : IAsyncDisposable
{
    public DbTransaction Transaction { get; } = transaction;

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
