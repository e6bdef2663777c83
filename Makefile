# Jisr: the two commands a newcomer needs are `make run` and `make test` (see README.md).
.PHONY: setup run test train clean

setup:
	./scripts/setup.sh

run: setup
	.venv/bin/jisr run

test: setup
	./scripts/test.sh

train: setup
	.venv/bin/jisr nlu train

clean:
	rm -rf var reports nlu/models
