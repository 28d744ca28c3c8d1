"""The one package that imports WeasyPrint and reads its internals."""
