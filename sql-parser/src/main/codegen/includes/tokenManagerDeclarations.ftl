<#--
  Members added to the generated token manager (TesseraSqlParserImplTokenManager), included because
  config.fmpp sets includeAdditionalDeclarations.
-->

    /**
     * The character stream this token manager reads, so that io.tessera.sql.parser.LockingForTokenManager
     * can take over the stream of the parser it replaces the token manager of (the parser's tab size and
     * position bookkeeping stay on that stream).
     */
    public SimpleCharStream inputStream() {
        return input_stream;
    }
