#!/bin/sh
	echo tabbed
